import ControlPlane
import HTTPServer

/// `GET`/`POST /v1/copy-rules` and `GET`/`DELETE /v1/copy-rules/{id}`: rules that copy images by repository
/// prefix and tag pattern to other regions and accounts. Viewers read; operators create and delete.
struct CopyRuleRoutes {
    let service: CopyRuleService

    func register(in router: inout Router<APIRoute>) {
        router.add(
            .get,
            "/v1/copy-rules",
            APIRoute(minimumRole: .viewer, operation: "listCopyRules", handler: self.list)
        )
        router.add(
            .post,
            "/v1/copy-rules",
            APIRoute(minimumRole: .operator, operation: "createCopyRule", handler: self.create)
        )
        router.add(
            .get,
            "/v1/copy-rules/{id}",
            APIRoute(minimumRole: .viewer, operation: "getCopyRule", handler: self.show)
        )
        router.add(
            .delete,
            "/v1/copy-rules/{id}",
            APIRoute(minimumRole: .operator, operation: "deleteCopyRule", handler: self.delete)
        )
    }

    @Sendable func list(_ context: RequestContext) async throws -> HTTPResponse {
        let pagination = try Pagination(context.request)
        let page = try await Self.mappingErrors {
            try await self.service.list(limit: pagination.limit, cursor: pagination.cursor)
        }
        return try Pagination.response(items: page.rules, next: page.next, request: context.request)
    }

    @Sendable func create(_ context: RequestContext) async throws -> HTTPResponse {
        let body = try DocumentRequest.body(of: context.request)
        let rule = try await Self.mappingErrors {
            try await self.service.create(document: body, actor: context.actor, requestId: context.requestId)
        }
        return try .json(rule, status: .created, headers: ["Location": "/v1/copy-rules/\(rule.id)"])
    }

    @Sendable func show(_ context: RequestContext) async throws -> HTTPResponse {
        let id = try Self.ruleId(context)
        return try .json(try await Self.mappingErrors { try await self.service.rule(id: id) })
    }

    @Sendable func delete(_ context: RequestContext) async throws -> HTTPResponse {
        let id = try Self.ruleId(context)
        _ = try await Self.mappingErrors {
            try await self.service.delete(id: id, actor: context.actor, requestId: context.requestId)
        }
        return HTTPResponse(status: .noContent)
    }

    private static func ruleId(_ context: RequestContext) throws -> Int64 {
        let text = context.parameter("id")
        guard let id = Int64(text), id > 0 else {
            throw APIError.invalidField("id", "must be a positive integer copy rule id; got '\(text)'")
        }
        return id
    }

    /// Runs `body`, turning `CopyRuleServiceError` into the API error of its kind.
    private static func mappingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CopyRuleServiceError {
            switch error.kind {
            case .notFound: throw APIError.notFound(error.message)
            case .duplicate: throw APIError.conflict(error.message)
            case .invalidCursor: throw APIError.invalidField("cursor", error.message)
            }
        }
    }
}
