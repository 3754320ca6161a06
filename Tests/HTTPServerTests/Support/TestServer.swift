import HTTPServer
import Observability

/// Echoes requests back; `/slow` responds after 300 ms so tests can catch a request in flight.
struct EchoResponder: HTTPResponder {
    func respond(to request: HTTPRequest) async -> HTTPResponse {
        if request.path == "/slow" {
            try? await Task.sleep(for: .milliseconds(300))
        }
        let text = "\(request.method) \(request.target) \(String(decoding: request.body, as: UTF8.self))"
        return HTTPResponse(status: .ok, contentType: "text/plain", text: text)
    }
}

/// Starts a server on a free loopback port and stops it when `body` returns.
func withServer(
    _ configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
    _ body: (HTTPServer) async throws -> Void
) async throws {
    var configuration = configuration
    configuration.host = "127.0.0.1"
    configuration.port = 0
    let server = HTTPServer(configuration: configuration, responder: EchoResponder(), logger: .disabled)
    try server.start()
    do {
        try await body(server)
    } catch {
        await server.shutdown(gracePeriod: .seconds(1))
        throw error
    }
    await server.shutdown(gracePeriod: .seconds(1))
}
