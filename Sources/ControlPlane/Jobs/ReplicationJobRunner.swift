import AWSClient
import Crypto
import Foundation
import Observability
import Store
import Synchronization

/// Runs replication jobs inside the server: leases due jobs from SQLite, copies where a destination needs a
/// copy, checks every pending destination in batches, stores each result, finishes jobs and publishes alerts.
///
/// A lease has an expiry, so the jobs of a server that died are taken again by the next one after at most
/// `leaseSeconds`. Checks back off exponentially from `checkInterval` up to `maxCheckInterval`, and the
/// last check happens at the deadline.
public final class ReplicationJobRunner: Sendable {
    public let configuration: JobRunnerConfiguration
    public let copyRules: (any CopyRuleMatching)?
    let database: Database
    let registry: RegistryContext
    let copier: (any ImageCopying)?
    let sinks: [any VerificationResultSink]
    let metrics: JobMetrics
    let verifier: DestinationVerifier
    let auditLog: AuditLog
    let alerts: JobAlertPublisher?
    let logger: Logger
    let store = ReplicationJobStore()
    /// This runner's lease owner name: random per process, so a restarted server never reuses a lease.
    let owner: String
    private let loop = Mutex<Task<Void, Never>?>(nil)
    /// Source regions where DescribeImageReplicationStatus is unavailable (moto lacks it), so it is not
    /// called again there.
    let replicationStatusUnavailable = Mutex<Set<String>>([])

    public init(
        database: Database,
        registry: RegistryContext,
        configuration: JobRunnerConfiguration,
        copier: (any ImageCopying)?,
        copyRules: (any CopyRuleMatching)?,
        sinks: [any VerificationResultSink],
        metrics: MetricsRegistry,
        logger: Logger
    ) {
        self.database = database
        self.registry = registry
        self.configuration = configuration
        self.copier = copier
        self.copyRules = copyRules
        self.sinks = sinks
        self.metrics = JobMetrics(registry: metrics)
        self.verifier = DestinationVerifier(
            registry: registry,
            metrics: metrics,
            maxConcurrentCalls: configuration.concurrency,
            logger: logger.labelled("jobs")
        )
        self.auditLog = AuditLog(database: database)
        self.alerts = configuration.alertTopicArn.map {
            JobAlertPublisher(topicArn: $0, onSuccess: configuration.alertOnSuccess, aws: registry.aws, logger: logger)
        }
        self.logger = logger.labelled("jobs")
        self.owner = "runner-" + Hex.encode(SecureRandom.bytes(count: 8))
    }

    /// Starts the polling loop; calling it twice has no effect.
    public func start() {
        self.loop.withLock { task in
            guard task == nil else {
                return
            }
            task = Task { await self.run() }
        }
        self.logger.info("Job runner started.", metadata: ["jobs.owner": self.owner])
    }

    /// Stops the loop and waits for the round in progress. Leases it held expire on their own.
    public func stop() async {
        let task = self.loop.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
        self.logger.info("Job runner stopped.", metadata: ["jobs.owner": self.owner])
    }

    private func run() async {
        while !Task.isCancelled {
            await self.runRound()
            try? await Task.sleep(for: .seconds(self.configuration.pollInterval))
        }
    }

    /// Checks every due job once and returns how many jobs it checked.
    @discardableResult
    public func runRound(now: Date = Date()) async -> Int {
        do {
            let jobs = try await self.lease(now: now)
            guard !jobs.isEmpty else {
                return 0
            }
            let checks = await self.checks(for: jobs, now: now)
            try await self.store(checks, of: jobs, now: Date())
            return jobs.count
        } catch {
            self.logger.error("A job round failed.", metadata: ["error": String(describing: error)])
            return 0
        }
    }

    private func lease(now: Date) async throws -> [ReplicationJob] {
        let (owner, limit, seconds) = (self.owner, self.configuration.maxJobsPerRound, self.configuration.leaseSeconds)
        return try await self.database.write { connection in
            try ReplicationJobStore().leaseDueJobs(
                owner: owner,
                limit: limit,
                now: now,
                leaseSeconds: seconds,
                in: connection
            )
        }
    }
}
