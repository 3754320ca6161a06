import Foundation
import Store

extension ReplicationJobStore {
    /// Leases up to `limit` unfinished jobs that are due and not leased by a live owner, marks them running
    /// and returns them. A lease that expired (its server died mid-check) counts as free.
    public func leaseDueJobs(
        owner: String,
        limit: Int,
        now: Date,
        leaseSeconds: Double,
        in connection: Connection
    ) throws -> [ReplicationJob] {
        let time = now.timeIntervalSince1970
        let ids = try connection.query(
            """
            UPDATE replication_jobs
            SET state = 'running', started_at = COALESCE(started_at, ?), lease_owner = ?, lease_expires_at = ?,
                updated_at = ?
            WHERE id IN (
                SELECT id FROM replication_jobs
                WHERE state IN ('queued', 'running') AND next_check_at <= ?
                    AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
                ORDER BY next_check_at LIMIT ?)
            RETURNING id
            """,
            [
                .real(time), .text(owner), .real(time + leaseSeconds), .real(time), .real(time), .real(time),
                .integer(limit),
            ]
        ).map { try $0.int64(0) }
        return try ids.sorted().compactMap { try self.job(id: $0, in: connection) }
    }

    /// Extends the lease of `owner` on job `id`, and returns false when the job is no longer leased by it.
    public func renewLease(id: Int64, owner: String, until: Date, in connection: Connection) throws -> Bool {
        try connection.execute(
            "UPDATE replication_jobs SET lease_expires_at = ? WHERE id = ? AND lease_owner = ? AND state = 'running'",
            [.real(until.timeIntervalSince1970), .integer(id), .text(owner)]
        ) == 1
    }

    /// Stores `check` as a history row and, while the destination is still pending, as its current state.
    public func record(_ check: DestinationCheck, jobId: Int64, pushedAt: Date?, now: Date, in connection: Connection)
        throws
    {
        let time = now.timeIntervalSince1970
        let seen = check.status == .verified ? (check.seenAt ?? now).timeIntervalSince1970 : nil
        let latency = seen.map { max(0, $0 - (pushedAt?.timeIntervalSince1970 ?? $0)) }
        try connection.execute(
            """
            UPDATE replication_job_destinations
            SET status = ?, observed_digest = COALESCE(?, observed_digest), tag_state = COALESCE(?, tag_state),
                tag_digest = ?, first_seen_at = COALESCE(first_seen_at, ?),
                latency_seconds = COALESCE(latency_seconds, ?),
                checks = checks + 1, last_checked_at = ?, last_error = ?, copy_report = COALESCE(?, copy_report)
            WHERE job_id = ? AND region = ? AND registry_id = ? AND status = 'pending'
            """,
            [
                .text(check.status.rawValue), .text(check.observedDigest), .text(check.tagState?.rawValue),
                .text(check.tagDigest), .real(seen), .real(latency), .real(time), .text(check.error),
                .text(check.copyReport), .integer(jobId), .text(check.destination.region),
                .text(check.destination.registryId),
            ]
        )
        try connection.execute(
            """
            INSERT INTO replication_job_checks (job_id, region, registry_id, checked_at, method, status,
                observed_digest, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .integer(jobId), .text(check.destination.region), .text(check.destination.registryId), .real(time),
                .text(check.method), .text(check.status.rawValue), .text(check.observedDigest), .text(check.error),
            ]
        )
    }

    /// Derives the job's state from its destinations after a round of checks and releases the lease. The job
    /// either finishes, with pending destinations marked missing once the deadline passed, or gets its next
    /// check at `nextCheckAt`. Returns the job and whether this call finished it. A job that is no longer
    /// running, because it was cancelled meanwhile, is left as it is.
    public func rollUp(
        jobId: Int64,
        now: Date,
        nextCheckAt: Date,
        in connection: Connection
    ) throws -> (job: ReplicationJob, finished: Bool)? {
        guard let job = try self.job(id: jobId, in: connection) else {
            return nil
        }
        guard !job.state.isFinal else {
            return (job, false)
        }
        let deadlinePassed = now >= job.deadline
        guard let state = JobRollup.finalState(statuses: job.destinations.map(\.status), deadlinePassed: deadlinePassed)
        else {
            try connection.execute(
                """
                UPDATE replication_jobs SET next_check_at = ?, lease_owner = NULL, lease_expires_at = NULL,
                    updated_at = ? WHERE id = ?
                """,
                [
                    .real(min(nextCheckAt, job.deadline).timeIntervalSince1970), .real(now.timeIntervalSince1970),
                    .integer(jobId),
                ]
            )
            return (try self.job(id: jobId, in: connection) ?? job, false)
        }
        try self.finish(job, state: state, now: now, in: connection)
        return (try self.job(id: jobId, in: connection) ?? job, true)
    }

    private func finish(_ job: ReplicationJob, state: ReplicationJob.State, now: Date, in connection: Connection) throws
    {
        for destination in job.destinations where destination.status == .pending {
            let check = DestinationCheck(
                destination: destination.destination,
                method: "deadline",
                status: .missing,
                error: "The digest was not found before the deadline."
            )
            try self.record(check, jobId: job.id, pushedAt: job.pushedAt, now: now, in: connection)
        }
        let failures = job.destinations.filter { $0.status != .verified }.map(\.destination.description)
        let lastError = state == .failed ? "Not verified in: \(failures.joined(separator: ", "))." : nil
        try connection.execute(
            """
            UPDATE replication_jobs SET state = ?, finished_at = ?, updated_at = ?, lease_owner = NULL,
                lease_expires_at = NULL, last_error = ? WHERE id = ?
            """,
            [
                .text(state.rawValue), .real(now.timeIntervalSince1970), .real(now.timeIntervalSince1970),
                .text(lastError),
                .integer(job.id),
            ]
        )
    }

    /// Cancels job `id` when it is queued or running.
    ///
    /// - Throws: `ReplicationJobError` `.notFound` or `.invalidState`.
    public func cancel(id: Int64, now: Date, in connection: Connection) throws -> (
        before: ReplicationJob, after: ReplicationJob
    ) {
        let before = try self.existingJob(id: id, in: connection)
        guard !before.state.isFinal else {
            throw ReplicationJobError(
                .invalidState,
                "Job \(id) is \(before.state.rawValue); only queued or running jobs can be cancelled."
            )
        }
        try connection.execute(
            """
            UPDATE replication_jobs SET state = 'cancelled', finished_at = ?, updated_at = ?, lease_owner = NULL,
                lease_expires_at = NULL WHERE id = ?
            """,
            [.real(now.timeIntervalSince1970), .real(now.timeIntervalSince1970), .integer(id)]
        )
        return (before, try self.existingJob(id: id, in: connection))
    }

    /// Starts job `id` again when it failed or was cancelled: destinations not verified go back to pending and
    /// the deadline restarts from `now`.
    ///
    /// - Throws: `ReplicationJobError` `.notFound` or `.invalidState`.
    public func retry(id: Int64, now: Date, in connection: Connection) throws -> (
        before: ReplicationJob, after: ReplicationJob
    ) {
        let before = try self.existingJob(id: id, in: connection)
        guard before.state == .failed || before.state == .cancelled else {
            throw ReplicationJobError(
                .invalidState,
                "Job \(id) is \(before.state.rawValue); only failed or cancelled jobs can be retried."
            )
        }
        let time = now.timeIntervalSince1970
        try connection.execute(
            """
            UPDATE replication_job_destinations SET status = 'pending', last_error = NULL
            WHERE job_id = ? AND status != 'verified'
            """,
            [.integer(id)]
        )
        try connection.execute(
            """
            UPDATE replication_jobs SET state = 'queued', attempts = attempts + 1, deadline_at = ? + deadline_seconds,
                next_check_at = ?, finished_at = NULL, last_error = NULL, updated_at = ? WHERE id = ?
            """,
            [.real(time), .real(time), .real(time), .integer(id)]
        )
        return (before, try self.existingJob(id: id, in: connection))
    }

    func existingJob(id: Int64, in connection: Connection) throws -> ReplicationJob {
        guard let job = try self.job(id: id, in: connection) else {
            throw ReplicationJobError(.notFound, "No replication job has id \(id).")
        }
        return job
    }
}

extension ReplicationJobStore {
    /// Stores `check`, reported by an event, for every open job of `repository` and `digest` that waits for
    /// its destination, and makes those jobs due at once so the runner rolls them up. Returns their ids.
    public func settle(
        _ check: DestinationCheck,
        repository: String,
        digest: String,
        now: Date,
        in connection: Connection
    ) throws -> [Int64] {
        let ids = try self.openJobIds(
            repository: repository,
            digest: digest,
            destination: check.destination,
            in: connection
        )
        for id in ids {
            let job = try self.existingJob(id: id, in: connection)
            try self.record(check, jobId: id, pushedAt: job.pushedAt, now: now, in: connection)
            try connection.execute(
                "UPDATE replication_jobs SET next_check_at = ?, updated_at = ? WHERE id = ?",
                [.real(now.timeIntervalSince1970), .real(now.timeIntervalSince1970), .integer(id)]
            )
        }
        return ids
    }
}
