import ControlPlane
import HTTPServer

/// `/v1/cleanup-runs`: plan a cleanup run (stored), list and read runs, and apply a stored plan.
struct CleanupRoutes {
    let service: CleanupService

    func register(in router: inout Router<APIRoute>) {
        router.add(
            .post,
            "/v1/cleanup-runs",
            APIRoute(minimumRole: .operator, operation: "createCleanupRun", handler: self.create)
        )
        router.add(
            .get,
            "/v1/cleanup-runs",
            APIRoute(minimumRole: .viewer, operation: "listCleanupRuns", handler: self.list)
        )
        router.add(
            .get,
            "/v1/cleanup-runs/{id}",
            APIRoute(minimumRole: .viewer, operation: "getCleanupRun", handler: self.show)
        )
        router.add(
            .post,
            "/v1/cleanup-runs/{id}/apply",
            APIRoute(minimumRole: .operator, operation: "applyCleanupRun", handler: self.apply)
        )
    }

    /// Plans a run. With `dryRun: true` the plan is only stored; without it the plan is applied at once.
    @Sendable func create(_ context: RequestContext) async throws -> HTTPResponse {
        let body = try BodyMembers.decode(
            CleanupRunBody.self,
            from: context.request,
            allowed: CleanupRunBody.members,
            nested: ["taggedRules": CleanupRunBody.taggedRuleMembers],
            empty: CleanupRunBody.empty
        )
        if context.request.body.isEmpty {
            throw APIError.validation([
                APIError.FieldIssue(field: "repositoryPrefix", message: "is required"),
                APIError.FieldIssue(field: "untaggedOlderThanDays", message: "is required"),
            ])
        }
        var run = try await self.service.plan(body.policy, actor: context.actor)
        if body.dryRun != true {
            let skipped = run.skipped
            run = try await self.mappingErrors {
                try await self.service.apply(id: run.id, actor: context.actor, requestId: context.requestId)
            }
            run.skipped = skipped
        }
        return try .json(run, status: .created, headers: ["Location": "/v1/cleanup-runs/\(run.id)"])
    }

    @Sendable func list(_ context: RequestContext) async throws -> HTTPResponse {
        let pagination = try Pagination(context.request)
        let page = try await self.service.list(limit: pagination.limit, after: try BodyMembers.idCursor(pagination))
        return try Pagination.response(items: page.runs, next: page.next.map(String.init), request: context.request)
    }

    @Sendable func show(_ context: RequestContext) async throws -> HTTPResponse {
        let id = try BodyMembers.id(context)
        return try .json(try await self.mappingErrors { try await self.service.run(id: id) })
    }

    /// Deletes exactly the planned digests; a second apply of the same run is a 409.
    @Sendable func apply(_ context: RequestContext) async throws -> HTTPResponse {
        let id = try BodyMembers.id(context)
        let run = try await self.mappingErrors {
            try await self.service.apply(id: id, actor: context.actor, requestId: context.requestId)
        }
        return try .json(run)
    }

    private func mappingErrors<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as CleanupError {
            throw APIError.cleanup(error)
        }
    }
}
