/// The filters of the job list; nil fields match every job.
public struct JobFilter: Sendable, Hashable {
    public var state: ReplicationJob.State?
    public var repository: String?
    public var digest: String?

    public init(state: ReplicationJob.State? = nil, repository: String? = nil, digest: String? = nil) {
        self.state = state
        self.repository = repository
        self.digest = digest
    }
}

/// One page of jobs, newest first, and the cursor of the next page (nil on the last page).
public struct JobPage: Sendable {
    public let items: [ReplicationJob]
    public let next: String?
}
