import ControlPlane
import Foundation
import HTTPServer

/// `/v1/replication-jobs`: create, list, read (with a long-poll), cancel and retry replication jobs.
struct ReplicationJobRoutes {
    /// The longest `?wait=` a read may hold the connection.
    static let maxWait: Duration = .seconds(60)

    let jobs: ReplicationJobService

    func register(in router: inout Router<APIRoute>) {
        router.add(
            .post,
            "/v1/replication-jobs",
            APIRoute(minimumRole: .operator, operation: "createReplicationJob", handler: self.create)
        )
        router.add(
            .get,
            "/v1/replication-jobs",
            APIRoute(minimumRole: .viewer, operation: "listReplicationJobs", handler: self.list)
        )
        router.add(
            .get,
            "/v1/replication-jobs/{id}",
            APIRoute(minimumRole: .viewer, operation: "getReplicationJob", handler: self.show)
        )
        router.add(
            .post,
            "/v1/replication-jobs/{id}/cancel",
            APIRoute(minimumRole: .operator, operation: "cancelReplicationJob", handler: self.cancel)
        )
        router.add(
            .post,
            "/v1/replication-jobs/{id}/retry",
            APIRoute(minimumRole: .operator, operation: "retryReplicationJob", handler: self.retry)
        )
    }

    @Sendable func create(_ context: RequestContext) async throws -> HTTPResponse {
        let body = try JSONCoding.decode(ReplicationJobRequestBody.self, from: context.request)
        let request = try body.jobRequest()
        let origin = ChangeRecorder.Origin(actor: context.actor, requestId: context.requestId)
        let (job, _) = try await ReplicationJobError.mapped { try await self.jobs.create(request, origin: origin) }
        return try Self.accepted(job)
    }

    @Sendable func list(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        let pagination = try Pagination(request)
        var filter = JobFilter(repository: request.query("repository"), digest: request.query("digest"))
        if let state = request.query("state") {
            guard let value = ReplicationJob.State(rawValue: state) else {
                let allowed = ReplicationJob.State.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.invalidField("state", "must be one of \(allowed); got '\(state)'")
            }
            filter.state = value
        }
        let page = try await ReplicationJobError.mapped {
            try await self.jobs.list(filter: filter, limit: pagination.limit, cursor: pagination.cursor)
        }
        return try Pagination.response(
            items: page.items.map { ReplicationJobDTO($0) },
            next: page.next,
            request: request
        )
    }

    @Sendable func show(_ context: RequestContext) async throws -> HTTPResponse {
        let id = try Self.id(context)
        let wait = try Self.waitDuration(context.request.query("wait"))
        let history = try DocumentRequest.flag("history", in: context.request)
        let job = try await ReplicationJobError.mapped {
            wait == .zero
                ? try await self.jobs.job(id: id) : try await self.jobs.waitForFinalState(id: id, timeout: wait)
        }
        let checks = history ? try await self.jobs.checks(id: id, limit: 100) : nil
        return try .json(ReplicationJobDTO(job, checks: checks))
    }

    @Sendable func cancel(_ context: RequestContext) async throws -> HTTPResponse {
        let id = try Self.id(context)
        let origin = ChangeRecorder.Origin(actor: context.actor, requestId: context.requestId)
        let job = try await ReplicationJobError.mapped { try await self.jobs.cancel(id: id, origin: origin) }
        return try .json(ReplicationJobDTO(job))
    }

    @Sendable func retry(_ context: RequestContext) async throws -> HTTPResponse {
        let id = try Self.id(context)
        let origin = ChangeRecorder.Origin(actor: context.actor, requestId: context.requestId)
        let job = try await ReplicationJobError.mapped { try await self.jobs.retry(id: id, origin: origin) }
        return try Self.accepted(job)
    }

    /// Returns 202 with the job and its `Location`, the response to every request that starts work.
    static func accepted(_ job: ReplicationJob) throws -> HTTPResponse {
        try .json(ReplicationJobDTO(job), status: .accepted, headers: ["Location": "/v1/replication-jobs/\(job.id)"])
    }

    private static func id(_ context: RequestContext) throws -> Int64 {
        let text = context.parameter("id")
        guard let id = Int64(text), id > 0 else {
            throw APIError.invalidField("id", "must be a positive integer job id; got '\(text)'")
        }
        return id
    }

    /// Parses `?wait=`: whole seconds with an optional `s` suffix (`30s` or `30`), at most 60.
    static func waitDuration(_ text: String?) throws -> Duration {
        guard let text else {
            return .zero
        }
        let digits = text.hasSuffix("s") ? String(text.dropLast()) : text
        guard (1...2).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let seconds = Int(digits),
            Duration.seconds(seconds) <= Self.maxWait
        else {
            throw APIError.invalidField("wait", "must be whole seconds from 0 to 60, such as 30s; got '\(text)'")
        }
        return .seconds(seconds)
    }
}
