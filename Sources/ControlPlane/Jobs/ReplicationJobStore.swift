import Foundation
import Store

/// The SQL of replication jobs: rows of jobs, their destinations and their check history.
///
/// Every function takes the connection of a `Database.write` or `Database.read` closure, so callers
/// group several steps (and the audit row) into one transaction.
public struct ReplicationJobStore: Sendable {
    static let jobColumns = """
        id, repository, digest, tag, source_region, source_account, trigger, mode, requester, state, \
        deadline_seconds, deadline_at, attempts, pushed_at, pipeline_id, pipeline_commit, pipeline_url, \
        created_at, started_at, finished_at, updated_at, next_check_at, last_error
        """
    static let destinationColumns = """
        job_id, region, registry_id, route, copy, status, observed_digest, tag_state, tag_digest, \
        first_seen_at, latency_seconds, checks, last_checked_at, last_error, copy_report
        """

    public init() {}

    /// Inserts `draft` as a queued job due at once and returns its id.
    public func insert(_ draft: JobDraft, now: Date, in connection: Connection) throws -> Int64 {
        let time = now.timeIntervalSince1970
        try connection.execute(
            """
            INSERT INTO replication_jobs (repository, digest, tag, source_region, source_account, trigger, mode,
                requester, state, deadline_seconds, deadline_at, pushed_at, pipeline_id, pipeline_commit,
                pipeline_url, created_at, updated_at, next_check_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(draft.repository), .text(draft.digest), .text(draft.tag), .text(draft.sourceRegion),
                .text(draft.sourceAccount), .text(draft.trigger.rawValue), .text(draft.mode.rawValue),
                .text(draft.requester), .integer(draft.deadlineSeconds),
                .real(time + Double(draft.deadlineSeconds)), .real(draft.pushedAt?.timeIntervalSince1970),
                .text(draft.pipeline?.id), .text(draft.pipeline?.commit), .text(draft.pipeline?.url),
                .real(time), .real(time), .real(time),
            ]
        )
        let id = connection.lastInsertRowID
        for destination in draft.destinations {
            try connection.execute(
                """
                INSERT INTO replication_job_destinations (job_id, region, registry_id, route, copy, status)
                VALUES (?, ?, ?, ?, ?, 'pending')
                """,
                [
                    .integer(id), .text(destination.destination.region), .text(destination.destination.registryId),
                    .text(destination.route.rawValue), .bool(destination.copies),
                ]
            )
        }
        return id
    }

    /// Returns the job with `id` and its destinations, or nil when there is none.
    public func job(id: Int64, in connection: Connection) throws -> ReplicationJob? {
        guard
            let row = try connection.queryFirst(
                "SELECT \(Self.jobColumns) FROM replication_jobs WHERE id = ?",
                [.integer(id)]
            )
        else {
            return nil
        }
        return try Self.job(from: row, destinations: try self.destinations(jobId: id, in: connection))
    }

    /// Returns the destinations of job `jobId` in insertion order.
    public func destinations(jobId: Int64, in connection: Connection) throws -> [JobDestination] {
        try connection.query(
            "SELECT \(Self.destinationColumns) FROM replication_job_destinations WHERE job_id = ? ORDER BY rowid",
            [.integer(jobId)]
        ).map(Self.destination(from:))
    }

    /// Returns the newest `limit` checks of job `jobId`, newest first.
    public func checks(jobId: Int64, limit: Int, in connection: Connection) throws -> [JobCheck] {
        try connection.query(
            """
            SELECT id, job_id, region, registry_id, checked_at, method, status, observed_digest, error
            FROM replication_job_checks WHERE job_id = ? ORDER BY id DESC LIMIT ?
            """,
            [.integer(jobId), .integer(limit)]
        ).map(Self.check(from:))
    }

    /// Returns the ids of unfinished jobs for `repository` and `digest` that have a destination in `region`
    /// of registry `registryId`, oldest first.
    public func openJobIds(
        repository: String,
        digest: String,
        destination: ReplicationDestination,
        in connection: Connection
    ) throws -> [Int64] {
        try connection.query(
            """
            SELECT j.id FROM replication_jobs j JOIN replication_job_destinations d ON d.job_id = j.id
            WHERE j.repository = ? AND j.digest = ? AND j.state IN ('queued', 'running')
                AND d.region = ? AND d.registry_id = ?
            ORDER BY j.id
            """,
            [.text(repository), .text(digest), .text(destination.region), .text(destination.registryId)]
        ).map { try $0.int64(0) }
    }

    /// Counts jobs per state, for the jobs-by-state gauge.
    public func countByState(in connection: Connection) throws -> [ReplicationJob.State: Int] {
        var counts: [ReplicationJob.State: Int] = [:]
        for row in try connection.query("SELECT state, count(*) FROM replication_jobs GROUP BY state") {
            if let state = ReplicationJob.State(rawValue: try row.string(0)) {
                counts[state] = Int(try row.int64(1))
            }
        }
        return counts
    }
}
