import ControlPlane
import HTTPServer
import Observability

/// The context of a handler besides the request: path parameters, the caller, the request id and a
/// logger carrying that id.
public struct RequestContext: Sendable {
    public let request: HTTPRequest
    public let parameters: [String: String]
    /// The authenticated caller; nil only on routes that need no token.
    public let principal: Principal?
    public let logger: Logger

    public var requestId: String { self.request.requestId }

    /// The actor recorded in audit rows: the token's name.
    public var actor: String { self.principal?.name ?? "anonymous" }

    /// Returns the path parameter `name`; a missing one is a programming error in the route table.
    public func parameter(_ name: String) -> String {
        guard let value = self.parameters[name] else {
            preconditionFailure("Route has no parameter named \(name)")
        }
        return value
    }
}

/// One route: the role it needs (nil for public routes), a stable operation name, and its handler.
public struct APIRoute: Sendable {
    public typealias Handler = @Sendable (RequestContext) async throws -> HTTPResponse

    public let minimumRole: Role?
    public let operation: String
    public let handler: Handler

    public init(minimumRole: Role?, operation: String, handler: @escaping Handler) {
        self.minimumRole = minimumRole
        self.operation = operation
        self.handler = handler
    }
}
