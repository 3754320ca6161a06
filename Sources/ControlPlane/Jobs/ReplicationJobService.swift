import AWSClient
import Foundation
import Store
import Synchronization

/// Creates, reads, cancels and retries replication jobs. Every change is written with its audit row in
/// the same transaction, with target `replication-job:<id>`.
public struct ReplicationJobService: Sendable {
    public let database: Database
    public let registry: RegistryContext
    public let copyRules: (any CopyRuleMatching)?
    /// The deadline of a job whose request gives none, in seconds.
    public let defaultDeadlineSeconds: Int
    let auditLog: AuditLog
    let store = ReplicationJobStore()
    /// Set at shutdown, so long-polls return at once instead of holding the server for its grace period.
    private let longPollsEnded = LongPollSwitch()

    public init(
        database: Database,
        registry: RegistryContext,
        copyRules: (any CopyRuleMatching)?,
        defaultDeadlineSeconds: Int = 1_800
    ) {
        self.database = database
        self.registry = registry
        self.copyRules = copyRules
        self.defaultDeadlineSeconds = defaultDeadlineSeconds
        self.auditLog = AuditLog(database: database)
    }

    /// A webhook delivery whose id makes a repeated delivery return the original job.
    public struct Delivery: Sendable, Hashable {
        public var source: WebhookDelivery.Source
        public var id: String

        public init(source: WebhookDelivery.Source, id: String) {
            self.source = source
            self.id = id
        }
    }

    /// Validates `request`, resolves its digest and destinations, and stores a queued job.
    ///
    /// With `delivery`, an id that was accepted before returns that delivery's job with `created` false, and
    /// the duplicate is recorded. A new id is stored as accepted in the transaction that stores the job.
    /// - Throws: `ValidationError`, `ReplicationJobError` (`.sourceImageNotFound`, `.noDestinations`) or the
    ///   `AWSError` of a lookup.
    public func create(
        _ request: JobRequest,
        origin: ChangeRecorder.Origin,
        delivery: Delivery? = nil
    ) async throws -> (job: ReplicationJob, created: Bool) {
        try request.validate()
        if let delivery, let existing = try await self.duplicate(of: delivery) {
            return (existing, false)
        }
        let draft = try await self.draft(for: request, requester: origin.actor)
        let (store, auditLog) = (self.store, self.auditLog)
        return try await self.database.write { connection in
            if let delivery,
                let jobId = try WebhookDeliveryLog.acceptedJobId(
                    source: delivery.source,
                    deliveryId: delivery.id,
                    in: connection
                )
            {
                try WebhookDeliveryLog.insert(
                    source: delivery.source,
                    deliveryId: delivery.id,
                    outcome: .duplicate,
                    reason: nil,
                    jobId: jobId,
                    in: connection
                )
                if let jobId, let job = try store.job(id: jobId, in: connection) {
                    return (job, false)
                }
            }
            let id = try store.insert(draft, now: Date(), in: connection)
            let job = try store.existingJob(id: id, in: connection)
            try auditLog.append(Self.entry("replication-job.create", job: job, origin: origin), in: connection)
            if let delivery {
                try WebhookDeliveryLog.insert(
                    source: delivery.source,
                    deliveryId: delivery.id,
                    outcome: .accepted,
                    reason: nil,
                    jobId: id,
                    in: connection
                )
            }
            return (job, true)
        }
    }

    /// Returns the original job of a repeated delivery after recording the duplicate, or nil for a new one.
    private func duplicate(of delivery: Delivery) async throws -> ReplicationJob? {
        let store = self.store
        return try await self.database.write { connection in
            guard
                let jobId = try WebhookDeliveryLog.acceptedJobId(
                    source: delivery.source,
                    deliveryId: delivery.id,
                    in: connection
                )
            else {
                return nil
            }
            try WebhookDeliveryLog.insert(
                source: delivery.source,
                deliveryId: delivery.id,
                outcome: .duplicate,
                reason: nil,
                jobId: jobId,
                in: connection
            )
            return try jobId.flatMap { try store.job(id: $0, in: connection) }
        }
    }

    /// Returns the job with `id`.
    ///
    /// - Throws: `ReplicationJobError` `.notFound`.
    public func job(id: Int64) async throws -> ReplicationJob {
        let store = self.store
        return try await self.database.read { try store.existingJob(id: id, in: $0) }
    }

    /// Returns the newest `limit` checks of job `id`, newest first.
    public func checks(id: Int64, limit: Int) async throws -> [JobCheck] {
        let store = self.store
        return try await self.database.read { try store.checks(jobId: id, limit: limit, in: $0) }
    }

    /// Returns one page of jobs matching `filter`, newest first.
    ///
    /// - Throws: `ReplicationJobError` `.invalidField` for a cursor this list did not return.
    public func list(filter: JobFilter, limit: Int, cursor: String?) async throws -> JobPage {
        let beforeId = try cursor.map(JobCursor.decode)
        let store = self.store
        let (jobs, hasMore) = try await self.database.read { connection in
            try store.list(filter: filter, beforeId: beforeId, limit: limit, in: connection)
        }
        return JobPage(items: jobs, next: hasMore ? jobs.last.map { JobCursor.encode(lastId: $0.id) } : nil)
    }

    /// Returns job `id` once it reaches a final state, or as it is when `timeout` passes first.
    public func waitForFinalState(id: Int64, timeout: Duration) async throws -> ReplicationJob {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: timeout)
        var job = try await self.job(id: id)
        // Polling the row keeps the long-poll independent of which server process runs the job.
        while !job.state.isFinal && clock.now < end && !Task.isCancelled && !self.longPollsEnded.isOn {
            try await Task.sleep(for: min(.milliseconds(200), end - clock.now))
            job = try await self.job(id: id)
        }
        return job
    }

    /// Makes every running and later `waitForFinalState` return the job as it is; call at shutdown.
    public func endLongPolls() {
        self.longPollsEnded.turnOn()
    }

    /// Cancels job `id` when it is queued or running.
    ///
    /// - Throws: `ReplicationJobError` `.notFound` or `.invalidState`; the failure is audited too.
    public func cancel(id: Int64, origin: ChangeRecorder.Origin) async throws -> ReplicationJob {
        try await self.change("replication-job.cancel", id: id, origin: origin) { store, connection in
            try store.cancel(id: id, now: Date(), in: connection)
        }
    }

    /// Restarts job `id` when it failed or was cancelled.
    ///
    /// - Throws: `ReplicationJobError` `.notFound` or `.invalidState`; the failure is audited too.
    public func retry(id: Int64, origin: ChangeRecorder.Origin) async throws -> ReplicationJob {
        try await self.change("replication-job.retry", id: id, origin: origin) { store, connection in
            try store.retry(id: id, now: Date(), in: connection)
        }
    }

    private func change(
        _ action: String,
        id: Int64,
        origin: ChangeRecorder.Origin,
        _ body:
            @escaping @Sendable (ReplicationJobStore, Connection) throws -> (
                before: ReplicationJob, after: ReplicationJob
            )
    ) async throws -> ReplicationJob {
        let (store, auditLog) = (self.store, self.auditLog)
        do {
            return try await self.database.write { connection in
                let (before, after) = try body(store, connection)
                var entry = Self.entry(action, job: after, origin: origin)
                entry.before = JobJSON.summary(of: before)
                try auditLog.append(entry, in: connection)
                return after
            }
        } catch let error as ReplicationJobError {
            let failure = AuditFailure(code: error.kind.rawValue, message: error.message)
            _ = try? await auditLog.append(
                AuditEntry(
                    actor: origin.actor,
                    action: action,
                    target: "replication-job:\(id)",
                    requestId: origin.requestId,
                    failure: failure
                )
            )
            throw error
        }
    }

    static func entry(_ action: String, job: ReplicationJob, origin: ChangeRecorder.Origin) -> AuditEntry {
        AuditEntry(
            actor: origin.actor,
            action: action,
            target: "replication-job:\(job.id)",
            requestId: origin.requestId,
            after: JobJSON.summary(of: job)
        )
    }
}

/// A flag shared by every copy of the service, turned on once.
private final class LongPollSwitch: Sendable {
    private let on = Atomic<Bool>(false)

    var isOn: Bool { self.on.load(ordering: .relaxed) }

    func turnOn() {
        self.on.store(true, ordering: .relaxed)
    }
}
