/// The settings of `POST /v1/monitoring/provision`: resource names, subscriptions and alarm thresholds.
public struct MonitoringSettings: Sendable, Hashable, Codable {
    /// Names start with this: topic `<prefix>-alerts`, dashboard `<prefix>`, alarms `<prefix>-…`.
    public var namePrefix: String
    /// The namespace `CloudWatchMetricsPublisher` publishes in.
    public var namespace: String
    /// Addresses subscribed to the topic with protocol `email`.
    public var emailEndpoints: [String]
    /// URLs subscribed to the topic with protocol `https`.
    public var httpsEndpoints: [String]
    /// Seconds per alarm evaluation period and per dashboard data point.
    public var periodSeconds: Int
    /// The failure and missing alarms fire when the count in a period is above this, in `failureEvaluationPeriods`
    /// periods in a row.
    public var failureThreshold: Double
    public var failureEvaluationPeriods: Int
    /// The latency alarm fires when the maximum latency of a period is above this many seconds.
    public var latencyThresholdSeconds: Double
    /// The dead-man alarm fires when no verification result arrived for this many seconds; it is rounded up
    /// to whole periods.
    public var deadManSeconds: Int

    public static let defaultNamePrefix = "ecr-replication"

    public init(
        namePrefix: String = Self.defaultNamePrefix,
        namespace: String = ReplicationMetricNames.defaultNamespace,
        emailEndpoints: [String] = [],
        httpsEndpoints: [String] = [],
        periodSeconds: Int = 300,
        failureThreshold: Double = 0,
        failureEvaluationPeriods: Int = 1,
        latencyThresholdSeconds: Double = 1_800,
        deadManSeconds: Int = 3_600
    ) {
        self.namePrefix = namePrefix
        self.namespace = namespace
        self.emailEndpoints = emailEndpoints
        self.httpsEndpoints = httpsEndpoints
        self.periodSeconds = periodSeconds
        self.failureThreshold = failureThreshold
        self.failureEvaluationPeriods = failureEvaluationPeriods
        self.latencyThresholdSeconds = latencyThresholdSeconds
        self.deadManSeconds = deadManSeconds
    }

    /// The names of the resources for `namePrefix`.
    public struct Names: Sendable, Hashable {
        public let topic: String
        public let dashboard: String
        public let failureAlarm: String
        public let missingAlarm: String
        public let latencyAlarm: String
        public let deadManAlarm: String

        public init(prefix: String) {
            self.topic = "\(prefix)-alerts"
            self.dashboard = prefix
            self.failureAlarm = "\(prefix)-replication-failed"
            self.missingAlarm = "\(prefix)-replication-missing"
            self.latencyAlarm = "\(prefix)-replication-latency"
            self.deadManAlarm = "\(prefix)-no-verifications"
        }

        public var alarms: [String] {
            [self.failureAlarm, self.missingAlarm, self.latencyAlarm, self.deadManAlarm]
        }
    }

    public var names: Names { Names(prefix: self.namePrefix) }

    /// Checks that `prefix` fits SNS topic and CloudWatch dashboard names: 1–200 of `A-Z a-z 0-9 - _`.
    public static func validateNamePrefix(_ prefix: String, field: FieldPath) throws(ValidationError) {
        let allowed = prefix.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F
        }
        guard (1...200).contains(prefix.utf8.count), allowed else {
            throw ValidationError(
                field: field,
                message: "must be 1 to 200 characters of A-Z, a-z, 0-9, '-' and '_'; got '\(prefix)'"
            )
        }
    }
}
