import Observability

/// The Prometheus series of replication jobs.
public struct JobMetrics: Sendable {
    let registry: MetricsRegistry

    public init(registry: MetricsRegistry) {
        self.registry = registry
    }

    /// Replication latency buckets in seconds: ECR usually finishes within 30 minutes.
    static let latencyBuckets: [Double] = [1, 5, 15, 30, 60, 120, 300, 600, 1_200, 1_800, 3_600]

    /// Sets the jobs-by-state gauge. The API calls it at each scrape with counts read from the table.
    public func recordJobStates(_ counts: [ReplicationJob.State: Int]) {
        for state in ReplicationJob.State.allCases {
            self.registry.set(
                "ecp_replication_jobs",
                help: "Replication jobs stored, by state.",
                labels: ["state": state.rawValue],
                to: Double(counts[state] ?? 0)
            )
        }
    }

    func record(_ result: VerificationResult) {
        self.registry.increment(
            "ecp_verification_results_total",
            help: "Stored destination checks, by outcome.",
            labels: ["outcome": result.status.rawValue]
        )
        if let latency = result.latencySeconds {
            self.registry.observe(
                "ecp_replication_latency_seconds",
                help: "Seconds from the push in the source to the digest's arrival, per destination region.",
                labels: ["region": result.destination.region],
                value: latency,
                buckets: Self.latencyBuckets
            )
        }
    }
}
