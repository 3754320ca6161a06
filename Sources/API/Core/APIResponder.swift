import ControlPlane
import Foundation
import HTTPServer
import Observability

/// The server's responder: routes a request, checks its token and role, runs the handler, and turns
/// every error into problem+json. Unexpected errors become a generic 500 logged with the request id;
/// their text never reaches the client.
public struct APIResponder: HTTPResponder {
    private let router: Router<APIRoute>
    private let authenticator: any Authenticator
    private let metrics: RequestMetrics
    private let logger: Logger

    public init(
        router: Router<APIRoute>,
        authenticator: any Authenticator,
        metrics: MetricsRegistry,
        logger: Logger
    ) {
        self.router = router
        self.authenticator = authenticator
        self.metrics = RequestMetrics(registry: metrics)
        self.logger = logger
    }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let started = ContinuousClock.now
        let logger = self.logger.with("http.request_id", request.requestId)
        var routeName = "unmatched"
        let response: HTTPResponse
        do {
            let (route, parameters) = try self.route(request, routeName: &routeName)
            let principal = try await self.authorize(request, for: route)
            let context = RequestContext(request: request, parameters: parameters, principal: principal, logger: logger)
            response = try await route.handler(context)
        } catch {
            response = self.errorResponse(for: error, request: request, route: routeName, logger: logger)
        }
        self.record(request, route: routeName, status: response.status, since: started, logger: logger)
        return response
    }

    /// Finds the route, setting `routeName` to the matched template (also for 405) for logs and metrics.
    private func route(_ request: HTTPRequest, routeName: inout String) throws -> (APIRoute, [String: String]) {
        switch self.router.match(method: request.method, path: request.path) {
        case .matched(let route, let parameters, let pattern):
            routeName = pattern.description
            return (route, parameters)
        case .methodNotAllowed(let allowed, let pattern):
            routeName = pattern.description
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            throw APIError(
                .methodNotAllowed,
                detail: "\(request.method) is not allowed on \(request.path); use one of \(allow).",
                headers: ["Allow": allow]
            )
        case .notFound:
            throw APIError.notFound("No route matches \(request.path); see /openapi.yaml for the routes.")
        case .invalidPath:
            throw APIError.badRequest("The path has an invalid percent-encoding.")
        }
    }

    /// Returns the caller when the route needs a role: 401 without a valid token, 403 for a role too low.
    private func authorize(_ request: HTTPRequest, for route: APIRoute) async throws -> Principal? {
        guard let required = route.minimumRole else {
            return nil
        }
        guard let bearer = Self.bearerToken(in: request) else {
            throw APIError(
                .unauthorized,
                detail:
                    "Send a token as 'Authorization: Bearer <token>'; create one with 'ecr-control-plane tokens create'.",
                headers: ["WWW-Authenticate": "Bearer"]
            )
        }
        guard let principal = try await self.authenticator.authenticate(bearer: bearer) else {
            throw APIError(
                .unauthorized,
                detail: "The bearer token is invalid or revoked.",
                headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""]
            )
        }
        guard principal.isPermitted(required) else {
            throw APIError(
                .forbidden,
                detail: "This operation needs the \(required.rawValue) role; the token has \(principal.role.rawValue)."
            )
        }
        return principal
    }

    static func bearerToken(in request: HTTPRequest) -> String? {
        guard let value = request.headers["Authorization"] else {
            return nil
        }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return nil
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    private func errorResponse(for error: any Error, request: HTTPRequest, route: String, logger: Logger)
        -> HTTPResponse
    {
        if let apiError = ErrorMapping.apiError(for: error) {
            return apiError.response(requestId: request.requestId)
        }
        logger.error(
            "Request failed with an unexpected error.",
            metadata: ["http.route": route, "http.method": request.method.rawValue, "error": String(describing: error)]
        )
        return APIError(
            .internalServerError,
            detail: "The server failed to handle the request; quote the request id when reporting it."
        ).response(requestId: request.requestId)
    }

    private func record(
        _ request: HTTPRequest,
        route: String,
        status: HTTPStatus,
        since started: ContinuousClock.Instant,
        logger: Logger
    ) {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        self.metrics.record(route: route, method: request.method, status: status.code, seconds: seconds)
        if logger.isEnabled(.debug) {
            logger.debug(
                "Request completed.",
                metadata: [
                    "http.method": request.method.rawValue, "http.route": route, "http.status": String(status.code),
                    "http.duration_ms": String(format: "%.3f", seconds * 1000),
                ]
            )
        }
    }
}
