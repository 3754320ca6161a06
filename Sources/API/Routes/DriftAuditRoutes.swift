import ControlPlane
import HTTPServer

/// `/v1/audits`: run a drift and compliance audit, list and read audits, and remediate findings.
struct DriftAuditRoutes {
    let service: DriftAuditService

    func register(in router: inout Router<APIRoute>) {
        router.add(
            .post,
            "/v1/audits",
            APIRoute(minimumRole: .operator, operation: "createDriftAudit", handler: self.create)
        )
        router.add(.get, "/v1/audits", APIRoute(minimumRole: .viewer, operation: "listDriftAudits", handler: self.list))
        router.add(
            .get,
            "/v1/audits/{id}",
            APIRoute(minimumRole: .viewer, operation: "getDriftAudit", handler: self.show)
        )
        router.add(
            .post,
            "/v1/audits/{id}/remediate",
            APIRoute(minimumRole: .operator, operation: "remediateDriftAudit", handler: self.remediate)
        )
    }

    @Sendable func create(_ context: RequestContext) async throws -> HTTPResponse {
        _ = try BodyMembers.decode(
            DriftAuditBody.self,
            from: context.request,
            allowed: DriftAuditBody.members,
            empty: DriftAuditBody()
        )
        let audit = try await self.service.run(actor: context.actor)
        return try .json(audit, status: .created, headers: ["Location": "/v1/audits/\(audit.id)"])
    }

    @Sendable func list(_ context: RequestContext) async throws -> HTTPResponse {
        let pagination = try Pagination(context.request)
        let page = try await self.service.list(limit: pagination.limit, after: try BodyMembers.idCursor(pagination))
        return try Pagination.response(items: page.audits, next: page.next.map(String.init), request: context.request)
    }

    @Sendable func show(_ context: RequestContext) async throws -> HTTPResponse {
        let id = try BodyMembers.id(context)
        return try .json(try await self.mappingErrors { try await self.service.audit(id: id) })
    }

    /// Applies the fixes of the chosen findings, or of all of them, and returns the audit with each outcome.
    @Sendable func remediate(_ context: RequestContext) async throws -> HTTPResponse {
        let id = try BodyMembers.id(context)
        let body = try BodyMembers.decode(
            RemediateBody.self,
            from: context.request,
            allowed: RemediateBody.members,
            empty: RemediateBody()
        )
        let origin = ChangeRecorder.Origin(actor: context.actor, requestId: context.requestId)
        let audit = try await self.mappingErrors {
            try await self.service.remediate(id: id, findingIds: body.findingIds, origin: origin)
        }
        return try .json(audit)
    }

    private func mappingErrors<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as DriftAuditError {
            throw APIError.driftAudit(error)
        }
    }
}
