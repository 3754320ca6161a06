import ControlPlane
import HTTPServer
import Observability
import Store

/// Everything the routes need, and the route table built from it.
public struct APIApplication: Sendable {
    public let auditLog: AuditLog
    public let tokens: TokenService
    /// The managed registry and the shared AWS client.
    public let registry: RegistryContext
    public let metrics: MetricsRegistry
    public let logger: Logger
    public let openAPIDocument: String
    public let readiness: @Sendable () async -> Readiness
    /// The replication job service; the routes build one with the stored copy rules when nil.
    public let jobs: ReplicationJobService?
    /// The secrets of the webhooks; a webhook without one returns 503.
    public let webhookSecrets: WebhookSecrets
    /// The CloudWatch namespace the dashboard and alarms read, which `CloudWatchMetricsPublisher` writes.
    public var metricsNamespace = ReplicationMetricNames.defaultNamespace
    /// The services behind `/v1/cleanup-runs` and `/v1/audits`; `ServeCommand` sets them from its flags.
    public var cleanupService: CleanupService?
    public var driftAuditService: DriftAuditService?

    public init(
        auditLog: AuditLog,
        tokens: TokenService,
        registry: RegistryContext,
        metrics: MetricsRegistry,
        logger: Logger,
        openAPIDocument: String,
        readiness: @escaping @Sendable () async -> Readiness,
        jobs: ReplicationJobService? = nil,
        webhookSecrets: WebhookSecrets = WebhookSecrets()
    ) {
        self.auditLog = auditLog
        self.tokens = tokens
        self.registry = registry
        self.metrics = metrics
        self.logger = logger
        self.openAPIDocument = openAPIDocument
        self.readiness = readiness
        self.jobs = jobs
        self.webhookSecrets = webhookSecrets
    }

    /// Records changes made through AWS in the audit log.
    public var changes: ChangeRecorder { ChangeRecorder(auditLog: self.auditLog) }

    /// Builds the full route table.
    public func makeRouter() -> Router<APIRoute> {
        var router = Router<APIRoute>()
        HealthRoutes(readiness: self.readiness).register(in: &router)
        MetaRoutes(openAPIDocument: self.openAPIDocument, metrics: self.metrics, refresh: self.refreshMetrics)
            .register(in: &router)
        AuditRoutes(auditLog: self.auditLog).register(in: &router)
        TokenRoutes(tokens: self.tokens).register(in: &router)
        RepositoryRoutes(service: RepositoryService(registry: self.registry, changes: self.changes)).register(
            in: &router
        )
        ReplicationConfigurationRoutes(registry: self.registry, changes: self.changes).register(in: &router)
        LifecyclePolicyRoutes(registry: self.registry, changes: self.changes).register(in: &router)
        RepositoryPolicyRoutes(registry: self.registry, changes: self.changes).register(in: &router)
        RegistryPolicyRoutes(registry: self.registry, changes: self.changes).register(in: &router)
        let copyRules = CopyRuleService(
            database: self.auditLog.database,
            auditLog: self.auditLog,
            registry: self.registry
        )
        let jobs =
            self.jobs
            ?? ReplicationJobService(database: self.auditLog.database, registry: self.registry, copyRules: copyRules)
        ReplicationJobRoutes(jobs: jobs).register(in: &router)
        WebhookRoutes(jobs: jobs, secrets: self.webhookSecrets).register(in: &router)
        CopyRuleRoutes(service: copyRules).register(in: &router)
        ReportRoutes(service: ReplicationReportService(database: self.auditLog.database)).register(in: &router)
        MonitoringRoutes(
            service: MonitoringService(registry: self.registry, changes: self.changes),
            defaultNamespace: self.metricsNamespace
        ).register(in: &router)
        CleanupRoutes(service: self.cleanupService ?? CleanupService(registry: self.registry, auditLog: self.auditLog))
            .register(in: &router)
        DriftAuditRoutes(
            service: self.driftAuditService
                ?? DriftAuditService(registry: self.registry, changes: self.changes, copyRules: copyRules)
        )
        .register(in: &router)
        return router
    }

    /// Sets the series that come from SQLite, read at each scrape rather than counted when written.
    /// A rolled-back audit append is then not counted, and the job gauge matches the stored states.
    @Sendable func refreshMetrics() async {
        let sqliteMemory = Database.memoryInUse()
        self.metrics.gauge("ecp_sqlite_memory_bytes", help: "Bytes SQLite has allocated in this process.")
            .set(Double(sqliteMemory.current))
        self.metrics.gauge(
            "ecp_sqlite_memory_high_water_bytes",
            help: "Peak bytes SQLite has allocated since the process started."
        ).set(Double(sqliteMemory.highWater))
        do {
            let written = try await self.auditLog.writtenCount()
            let jobStates = try await self.auditLog.database.read { try ReplicationJobStore().countByState(in: $0) }
            self.metrics.counter("ecp_audit_events_written_total", help: "Audit events written, ever.")
                .set(Double(written))
            JobMetrics(registry: self.metrics).recordJobStates(jobStates)
        } catch {
            self.logger.warning(
                "Reading stored counts for metrics failed.",
                metadata: ["error": String(describing: error)]
            )
        }
    }

    /// Builds the responder to hand to `HTTPServer`.
    public func makeResponder() -> APIResponder {
        APIResponder(router: self.makeRouter(), authenticator: self.tokens, metrics: self.metrics, logger: self.logger)
    }
}
