import API
import ControlPlane
import Observability

/// The CloudWatch metrics publisher and the cleanup and drift audit schedules of `serve`, built from
/// `OperationsSettings`, started after the server and stopped before the database closes.
struct OperationsServices {
    let settings: OperationsSettings
    let cleanup: CleanupService
    let driftAudits: DriftAuditService
    /// Nil without a source region. The job runner takes it as its `VerificationResultSink`.
    let publisher: CloudWatchMetricsPublisher?
    let schedules: [IntervalScheduler]

    init(
        settings: OperationsSettings,
        registry: RegistryContext,
        auditLog: AuditLog,
        copier: any ImageCopying,
        copyRules: any CopyRuleMatching,
        logger: Logger,
        metrics: MetricsRegistry
    ) {
        self.settings = settings
        let changes = ChangeRecorder(auditLog: auditLog)
        self.cleanup = CleanupService(registry: registry, auditLog: auditLog)
        self.driftAudits = DriftAuditService(
            registry: registry,
            changes: changes,
            productionPrefix: settings.productionPrefix,
            copier: copier,
            copyRules: copyRules
        )
        self.publisher = registry.configuredSourceRegion.map { region in
            CloudWatchMetricsPublisher(
                cloudWatch: registry.aws.cloudWatch(region: region),
                namespace: settings.metricsNamespace,
                flushInterval: settings.metricsFlushInterval,
                logger: logger.labelled("metrics"),
                metrics: metrics
            )
        }
        self.schedules = Self.schedules(settings, cleanup: self.cleanup, driftAudits: self.driftAudits, logger: logger)
    }

    private static func schedules(
        _ settings: OperationsSettings,
        cleanup: CleanupService,
        driftAudits: DriftAuditService,
        logger: Logger
    ) -> [IntervalScheduler] {
        var schedules: [IntervalScheduler] = []
        if let interval = settings.cleanupInterval, let prefix = settings.cleanupRepositoryPrefix {
            let policy = CleanupPolicy(repositoryPrefix: prefix, untaggedOlderThanDays: settings.cleanupUntaggedDays)
            schedules.append(
                IntervalScheduler(name: "cleanup", interval: interval, logger: logger) {
                    let run = try await cleanup.plan(policy, actor: "scheduler")
                    _ = try await cleanup.apply(id: run.id, actor: "scheduler", requestId: nil)
                }
            )
        }
        if let interval = settings.auditInterval {
            schedules.append(
                IntervalScheduler(name: "drift-audit", interval: interval, logger: logger) {
                    _ = try await driftAudits.run(actor: "scheduler")
                }
            )
        }
        return schedules
    }

    /// Hands the services and the metrics namespace to the routes.
    func configure(_ application: inout APIApplication) {
        application.metricsNamespace = self.settings.metricsNamespace
        application.cleanupService = self.cleanup
        application.driftAuditService = self.driftAudits
    }

    func start() async {
        await self.publisher?.start()
        for schedule in self.schedules {
            await schedule.start()
        }
    }

    /// Stops the schedules, waiting for runs in progress, then flushes the buffered metrics.
    func stop() async {
        for schedule in self.schedules {
            await schedule.stop()
        }
        await self.publisher?.shutdown()
    }
}
