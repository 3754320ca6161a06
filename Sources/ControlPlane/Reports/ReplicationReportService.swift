import Foundation
import Store

/// Builds the replication compliance report from the job tables: for each repository its newest digests
/// (the latest job per digest) and each destination's result. It reads SQLite only and calls no AWS API.
public struct ReplicationReportService: Sendable {
    /// The range of `digestsPerRepository`.
    public static let digestsRange = 1...100
    public static let defaultDigestsPerRepository = 5

    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Returns the report of repositories whose names start with `repositoryPrefix` (all when nil), with at
    /// most `digestsPerRepository` digests each, newest job first, then destinations by region.
    public func report(
        repositoryPrefix: String?,
        digestsPerRepository: Int = Self.defaultDigestsPerRepository,
        now: Date = Date()
    ) async throws -> ReplicationReport {
        let rows = try await self.database.read { connection in
            try connection.query(Self.sql, [.text(repositoryPrefix ?? ""), .integer(Int64(digestsPerRepository))])
                .map(Self.row)
        }
        return ReplicationReport(generatedAt: now, rows: rows)
    }

    // The newest job of each (repository, digest), ranked per repository by creation, joined with its
    // destinations. The prefix test uses substr rather than LIKE so `_` and `%` in names match literally.
    static let sql = """
        WITH newest AS (
            SELECT j.*, ROW_NUMBER() OVER (PARTITION BY j.repository ORDER BY j.created_at DESC, j.id DESC) AS rank
            FROM replication_jobs j
            WHERE j.id IN (SELECT MAX(id) FROM replication_jobs GROUP BY repository, digest)
              AND substr(j.repository, 1, length(?1)) = ?1
        )
        SELECT n.id, n.repository, n.digest, n.tag, n.pushed_at, n.state, d.region, d.registry_id, d.status,
               d.latency_seconds, d.first_seen_at, d.last_checked_at
        FROM newest n JOIN replication_job_destinations d ON d.job_id = n.id
        WHERE n.rank <= ?2
        ORDER BY n.repository, n.created_at DESC, n.id DESC, d.region, d.registry_id
        """

    static func row(_ row: Row) throws -> ReplicationReport.Row {
        ReplicationReport.Row(
            repository: try row.string("repository"),
            digest: try row.string("digest"),
            tag: try row.optionalString("tag"),
            pushedAt: try row.optionalDouble("pushed_at").map(Date.init(timeIntervalSince1970:)),
            region: try row.string("region"),
            registryId: try row.string("registry_id"),
            status: try row.string("status"),
            latencySeconds: try row.optionalDouble("latency_seconds"),
            firstSeenAt: try row.optionalDouble("first_seen_at").map(Date.init(timeIntervalSince1970:)),
            lastVerifiedAt: try row.optionalDouble("last_checked_at").map(Date.init(timeIntervalSince1970:)),
            jobId: try row.int64("id"),
            jobState: try row.string("state")
        )
    }
}
