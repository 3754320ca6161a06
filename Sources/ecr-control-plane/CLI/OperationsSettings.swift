/// The `serve` flags of metrics publishing, drift audits and scheduled cleanup.
struct OperationsSettings {
    static let names: Set<String> = [
        "metrics-namespace", "metrics-flush-interval", "production-prefix", "audit-interval", "cleanup-interval",
        "cleanup-repository-prefix", "cleanup-untagged-days",
    ]

    let metricsNamespace: String
    let metricsFlushInterval: Duration
    let productionPrefix: String?
    /// Nil when scheduled audits are off.
    let auditInterval: Duration?
    /// Nil when scheduled cleanup is off.
    let cleanupInterval: Duration?
    let cleanupRepositoryPrefix: String?
    let cleanupUntaggedDays: Int

    init(_ arguments: Arguments) throws {
        self.metricsNamespace =
            arguments.value("metrics-namespace", environment: "ECP_METRICS_NAMESPACE") ?? "ECRReplication"
        guard (1...255).contains(self.metricsNamespace.utf8.count), !self.metricsNamespace.hasPrefix("AWS/") else {
            throw Arguments.UsageError(
                description:
                    "--metrics-namespace must be 1 to 255 characters and not start with AWS/; got '\(self.metricsNamespace)'"
            )
        }
        self.metricsFlushInterval = .seconds(
            try arguments.integer(
                "metrics-flush-interval",
                environment: "ECP_METRICS_FLUSH_INTERVAL",
                default: 60,
                range: 1...3_600
            )
        )
        let production = arguments.value("production-prefix", environment: "ECP_PRODUCTION_PREFIX")
        self.productionPrefix = production?.isEmpty == true ? nil : production
        let audit = try arguments.integer(
            "audit-interval",
            environment: "ECP_AUDIT_INTERVAL",
            default: 0,
            range: 0...604_800
        )
        self.auditInterval = audit == 0 ? nil : .seconds(audit)
        let cleanup = try arguments.integer(
            "cleanup-interval",
            environment: "ECP_CLEANUP_INTERVAL",
            default: 0,
            range: 0...604_800
        )
        self.cleanupInterval = cleanup == 0 ? nil : .seconds(cleanup)
        self.cleanupRepositoryPrefix = arguments.value(
            "cleanup-repository-prefix",
            environment: "ECP_CLEANUP_REPOSITORY_PREFIX"
        )
        self.cleanupUntaggedDays = try arguments.integer(
            "cleanup-untagged-days",
            environment: "ECP_CLEANUP_UNTAGGED_DAYS",
            default: 30,
            range: 0...36_500
        )
        if self.cleanupInterval != nil && (self.cleanupRepositoryPrefix ?? "").isEmpty {
            throw Arguments.UsageError(
                description: "--cleanup-interval needs --cleanup-repository-prefix (or ECP_CLEANUP_REPOSITORY_PREFIX)"
            )
        }
    }
}
