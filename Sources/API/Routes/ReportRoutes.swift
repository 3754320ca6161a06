import ControlPlane
import Foundation
import HTTPServer
import Observability

/// `/v1/reports/replication`: the compliance report an auditor gets, as JSON or CSV.
struct ReportRoutes {
    let service: ReplicationReportService

    func register(in router: inout Router<APIRoute>) {
        router.add(
            .get,
            "/v1/reports/replication",
            APIRoute(minimumRole: .viewer, operation: "getReplicationReport", handler: self.replication)
        )
    }

    /// Returns the report; `format` is `json` (the default) or `csv`, `repositoryPrefix` narrows it and
    /// `digests` sets how many of each repository's newest digests it lists.
    @Sendable func replication(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        let format = request.query("format") ?? "json"
        guard format == "json" || format == "csv" else {
            throw APIError.invalidField("format", "must be json or csv")
        }
        let digests = try Self.digests(request.query("digests"))
        let prefix = request.query("repositoryPrefix")
        if let prefix, prefix.utf8.count > 256 {
            throw APIError.invalidField("repositoryPrefix", "must be at most 256 bytes, the longest repository name")
        }
        let report = try await self.service.report(
            repositoryPrefix: prefix,
            digestsPerRepository: digests
        )
        if format == "csv" {
            return HTTPResponse(
                status: .ok,
                headers: [
                    "Content-Type": "text/csv; charset=utf-8",
                    "Content-Disposition": "attachment; filename=\"replication-report.csv\"",
                ],
                body: Array(report.csv().utf8)
            )
        }
        return try .json(ReplicationReportDTO(report))
    }

    static func digests(_ text: String?) throws -> Int {
        guard let text else {
            return ReplicationReportService.defaultDigestsPerRepository
        }
        let range = ReplicationReportService.digestsRange
        guard text.utf8.count <= 3, let value = Int(text), range.contains(value) else {
            throw APIError.invalidField(
                "digests",
                "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        return value
    }
}

/// The JSON body of the replication report, with RFC 3339 times.
struct ReplicationReportDTO: Encodable {
    struct Row: Encodable {
        let repository: String
        let digest: String
        let tag: String?
        let pushedAt: String?
        let region: String
        let registryId: String
        let status: String
        let latencySeconds: Double?
        let firstSeenAt: String?
        let lastVerifiedAt: String?
        let jobId: Int64
        let jobState: String

        func encode(to encoder: any Encoder) throws {
            // Nil members are written as JSON null, so every row has the same members.
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.repository, forKey: .repository)
            try container.encode(self.digest, forKey: .digest)
            try container.encode(self.tag, forKey: .tag)
            try container.encode(self.pushedAt, forKey: .pushedAt)
            try container.encode(self.region, forKey: .region)
            try container.encode(self.registryId, forKey: .registryId)
            try container.encode(self.status, forKey: .status)
            try container.encode(self.latencySeconds, forKey: .latencySeconds)
            try container.encode(self.firstSeenAt, forKey: .firstSeenAt)
            try container.encode(self.lastVerifiedAt, forKey: .lastVerifiedAt)
            try container.encode(self.jobId, forKey: .jobId)
            try container.encode(self.jobState, forKey: .jobState)
        }

        enum CodingKeys: String, CodingKey {
            case repository, digest, tag, pushedAt, region, registryId, status, latencySeconds, firstSeenAt
            case lastVerifiedAt, jobId, jobState
        }
    }

    let generatedAt: String
    let summary: ReplicationReport.Summary
    let rows: [Row]

    init(_ report: ReplicationReport) {
        self.generatedAt = RFC3339.string(from: report.generatedAt)
        self.summary = report.summary
        self.rows = report.rows.map { row in
            Row(
                repository: row.repository,
                digest: row.digest,
                tag: row.tag,
                pushedAt: row.pushedAt.map(RFC3339.string(from:)),
                region: row.region,
                registryId: row.registryId,
                status: row.status,
                latencySeconds: row.latencySeconds,
                firstSeenAt: row.firstSeenAt.map(RFC3339.string(from:)),
                lastVerifiedAt: row.lastVerifiedAt.map(RFC3339.string(from:)),
                jobId: row.jobId,
                jobState: row.jobState
            )
        }
    }
}
