/// Names of the CloudWatch metrics and dimensions that `CloudWatchMetricsPublisher` sends and the provisioned
/// dashboard and alarms read.
public enum ReplicationMetricNames {
    /// Seconds from the push in the source to the first sighting in the destination (unit `Seconds`).
    public static let latency = "ReplicationLatency"
    /// Digests found in a destination (unit `Count`).
    public static let verified = "ReplicationVerified"
    /// Digests whose check or copy failed (unit `Count`).
    public static let failed = "ReplicationFailed"
    /// Digests still absent when the deadline passed (unit `Count`).
    public static let missing = "ReplicationMissing"
    /// Every verification result of any status; the dead-man alarm fires when this series has no data.
    public static let checks = "ReplicationChecks"

    public static let destinationRegion = "DestinationRegion"
    public static let repository = "Repository"

    /// The default namespace of the metrics.
    public static let defaultNamespace = "ECRReplication"
}
