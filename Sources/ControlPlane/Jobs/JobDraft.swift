import Foundation

/// A job ready to be stored: the resolved digest, its destinations and its deadline.
public struct JobDraft: Sendable, Hashable {
    public struct Destination: Sendable, Hashable {
        public var destination: ReplicationDestination
        public var route: JobDestination.Route
        public var copies: Bool

        public init(destination: ReplicationDestination, route: JobDestination.Route, copies: Bool) {
            self.destination = destination
            self.route = route
            self.copies = copies
        }
    }

    public var repository: String
    public var digest: String
    public var tag: String?
    public var sourceRegion: String
    public var sourceAccount: String
    public var trigger: ReplicationJob.Trigger
    public var mode: ReplicationJob.Mode
    public var requester: String
    public var deadlineSeconds: Int
    public var pushedAt: Date?
    public var pipeline: ReplicationJob.Pipeline?
    public var destinations: [Destination]

    public init(
        repository: String,
        digest: String,
        tag: String?,
        sourceRegion: String,
        sourceAccount: String,
        trigger: ReplicationJob.Trigger,
        mode: ReplicationJob.Mode,
        requester: String,
        deadlineSeconds: Int,
        pushedAt: Date?,
        pipeline: ReplicationJob.Pipeline?,
        destinations: [Destination]
    ) {
        self.repository = repository
        self.digest = digest
        self.tag = tag
        self.sourceRegion = sourceRegion
        self.sourceAccount = sourceAccount
        self.trigger = trigger
        self.mode = mode
        self.requester = requester
        self.deadlineSeconds = deadlineSeconds
        self.pushedAt = pushedAt
        self.pipeline = pipeline
        self.destinations = destinations
    }
}
