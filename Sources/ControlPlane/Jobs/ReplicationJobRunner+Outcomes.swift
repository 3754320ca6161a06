import Foundation
import Observability
import Store

extension ReplicationJobRunner {
    /// The outcome of one job's round: the job afterwards, whether the round finished it, and the results.
    struct StoredRound: Sendable {
        let job: ReplicationJob
        let finished: Bool
        let results: [VerificationResult]
    }

    /// Stores the checks of one round in one transaction, schedules or finishes each job, and then reports
    /// the results to metrics, sinks and the alert topic.
    func store(_ checks: [Int64: [DestinationCheck]], of jobs: [ReplicationJob], now: Date) async throws {
        let configuration = self.configuration
        let auditLog = self.auditLog
        let rounds = try await self.database.write { connection in
            try jobs.compactMap { job in
                try Self.storeRound(
                    job,
                    checks: checks[job.id] ?? [],
                    configuration: configuration,
                    auditLog: auditLog,
                    now: now,
                    in: connection
                )
            }
        }
        await self.report(rounds)
    }

    private static func storeRound(
        _ job: ReplicationJob,
        checks: [DestinationCheck],
        configuration: JobRunnerConfiguration,
        auditLog: AuditLog,
        now: Date,
        in connection: Connection
    ) throws -> StoredRound? {
        let store = ReplicationJobStore()
        for check in checks {
            try store.record(check, jobId: job.id, pushedAt: job.pushedAt, now: now, in: connection)
        }
        let rounds = job.destinations.map(\.checks).max() ?? 0
        let delay = JobRollup.backoff(
            checks: rounds + 1,
            initial: configuration.checkInterval,
            maximum: configuration.maxCheckInterval
        )
        guard
            let (after, finished) = try store.rollUp(
                jobId: job.id,
                now: now,
                nextCheckAt: now.addingTimeInterval(delay),
                in: connection
            )
        else {
            return nil
        }
        if finished {
            try auditLog.append(Self.finishEntry(before: job, after: after, now: now), in: connection)
        }
        return StoredRound(job: after, finished: finished, results: Self.results(before: job, after: after, now: now))
    }

    /// Returns one result per destination whose stored state changed or was checked in this round.
    static func results(before: ReplicationJob, after: ReplicationJob, now: Date) -> [VerificationResult] {
        let previous = Dictionary(uniqueKeysWithValues: before.destinations.map { ($0.destination, $0) })
        return after.destinations.compactMap { destination in
            guard let old = previous[destination.destination], destination.checks > old.checks else {
                return nil
            }
            let newlyVerified = destination.status == .verified && old.status != .verified
            return VerificationResult(
                repository: after.repository,
                digest: after.digest,
                destination: destination.destination,
                status: destination.status,
                latencySeconds: newlyVerified ? destination.latencySeconds : nil,
                checkedAt: destination.lastCheckedAt ?? now
            )
        }
    }

    static func finishEntry(before: ReplicationJob, after: ReplicationJob, now: Date) -> AuditEntry {
        AuditEntry(
            actor: "job-runner",
            action: "replication-job.finish",
            target: "replication-job:\(after.id)",
            requestId: nil,
            failure: after.state == .failed
                ? AuditFailure(code: "replication-incomplete", message: after.lastError ?? "The job failed.") : nil,
            before: JobJSON.summary(of: before),
            after: JobJSON.summary(of: after),
            time: now
        )
    }

    private func report(_ rounds: [StoredRound]) async {
        let results = rounds.flatMap(\.results)
        for result in results {
            self.metrics.record(result)
        }
        if !results.isEmpty {
            for sink in self.sinks {
                await sink.record(results)
            }
        }
        for round in rounds where round.finished {
            self.logger.debug(
                "Job finished.",
                metadata: ["job.id": String(round.job.id), "job.state": round.job.state.rawValue]
            )
            await self.alerts?.publish(round.job)
        }
    }
}
