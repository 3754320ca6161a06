/// Produces the response to one request; the API layer implements it. It must not throw: every error
/// becomes a response there, so the server never has to guess a status.
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) async -> HTTPResponse
}
