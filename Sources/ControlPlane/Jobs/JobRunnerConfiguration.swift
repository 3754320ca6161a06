/// The settings of the job runner; each has a default suitable for production.
public struct JobRunnerConfiguration: Sendable, Hashable {
    /// The most AWS calls (DescribeImages batches and copies) the runner makes at once.
    public var concurrency: Int = 8
    /// The delay after the first check of a job, in seconds; each later check waits twice as long.
    public var checkInterval: Double = 15
    /// The maximum delay between two checks of a job, in seconds.
    public var maxCheckInterval: Double = 300
    /// How long a lease on a job lasts, in seconds. A job leased by a server that died is taken again after it.
    public var leaseSeconds: Double = 120
    /// How often the runner looks for due jobs, in seconds.
    public var pollInterval: Double = 1
    /// The maximum number of jobs checked in one round. Their destinations are batched together.
    public var maxJobsPerRound: Int = 1_000
    /// The deadline of a job whose request gives none, in seconds.
    public var defaultDeadlineSeconds: Int = 1_800
    /// The SNS topic that receives job alerts; nil publishes nothing.
    public var alertTopicArn: String?
    /// True to publish succeeded jobs too, not only failed ones.
    public var alertOnSuccess: Bool = false

    public init() {}
}
