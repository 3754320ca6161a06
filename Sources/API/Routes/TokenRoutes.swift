import ControlPlane
import HTTPServer

/// `GET`/`POST /v1/tokens` and `DELETE /v1/tokens/{id}`: token management for admins.
struct TokenRoutes {
    let tokens: TokenService

    struct CreateBody: Decodable {
        let name: String
        let role: String
    }

    /// The created token: its record plus the bearer text, which is shown this once.
    struct Created: Encodable {
        let token: String
        let info: TokenInfo
    }

    func register(in router: inout Router<APIRoute>) {
        router.add(.get, "/v1/tokens", APIRoute(minimumRole: .admin, operation: "listTokens", handler: self.list))
        router.add(.post, "/v1/tokens", APIRoute(minimumRole: .admin, operation: "createToken", handler: self.create))
        router.add(
            .delete,
            "/v1/tokens/{id}",
            APIRoute(minimumRole: .admin, operation: "revokeToken", handler: self.revoke)
        )
    }

    @Sendable func list(_ context: RequestContext) async throws -> HTTPResponse {
        let includeRevoked = try DocumentRequest.flag("includeRevoked", in: context.request)
        let items = try await self.tokens.list(includeRevoked: includeRevoked)
        return try .json(ListPage(items: items, next: nil))
    }

    @Sendable func create(_ context: RequestContext) async throws -> HTTPResponse {
        let body = try JSONCoding.decode(CreateBody.self, from: context.request)
        guard let role = Role(rawValue: body.role) else {
            throw APIError.invalidField("role", "must be viewer, operator or admin; got '\(body.role)'")
        }
        let issued = try await self.tokens.create(
            name: body.name,
            role: role,
            actor: context.actor,
            requestId: context.requestId
        )
        return try .json(
            Created(token: issued.token, info: issued.info),
            status: .created,
            headers: ["Location": "/v1/tokens/\(issued.info.id)", "Cache-Control": "no-store"]
        )
    }

    @Sendable func revoke(_ context: RequestContext) async throws -> HTTPResponse {
        let text = context.parameter("id")
        guard let id = Int64(text), id > 0 else {
            throw APIError.invalidField("id", "must be a positive integer token id; got '\(text)'")
        }
        let info = try await self.tokens.revoke(.id(id), actor: context.actor, requestId: context.requestId)
        return try .json(info)
    }
}
