import Foundation

/// One image digest, the destinations it must reach, and the deadline by which it must reach them.
public struct ReplicationJob: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case queued
        case running
        case succeeded
        case failed
        case cancelled

        /// True for the states a job leaves only through a retry.
        public var isFinal: Bool {
            switch self {
            case .queued, .running: false
            case .succeeded, .failed, .cancelled: true
            }
        }
    }

    /// The source of the job.
    public enum Trigger: String, Sendable, Hashable, Codable, CaseIterable {
        case webhook
        case api
        case event
        case schedule
    }

    /// `verify` only checks the destinations; `copy` copies the image into each one before checking it.
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        case verify
        case copy
    }

    /// CI metadata that came with a webhook delivery.
    public struct Pipeline: Sendable, Hashable, Codable {
        public var id: String?
        public var commit: String?
        public var url: String?

        public init(id: String? = nil, commit: String? = nil, url: String? = nil) {
            self.id = id
            self.commit = commit
            self.url = url
        }
    }

    public let id: Int64
    public let repository: String
    public let digest: String
    public let tag: String?
    public let sourceRegion: String
    public let sourceAccount: String
    public let trigger: Trigger
    public let mode: Mode
    /// The token name, or `webhook:ci` / `webhook:eventbridge` for webhook deliveries.
    public let requester: String
    public let state: State
    public let deadlineSeconds: Int
    public let deadline: Date
    /// 1 for the first run, plus one per retry.
    public let attempts: Int
    /// The push time in the source registry, where replication latency starts; nil when unknown.
    public let pushedAt: Date?
    public let pipeline: Pipeline?
    public let createdAt: Date
    public let startedAt: Date?
    public let finishedAt: Date?
    public let updatedAt: Date
    public let nextCheckAt: Date
    public let lastError: String?
    public let destinations: [JobDestination]

    /// The number of destinations where the digest was found.
    public var verifiedCount: Int {
        self.destinations.count { $0.status == .verified }
    }
}

/// The state of one destination of a job.
public struct JobDestination: Sendable, Hashable {
    /// The way the destination was chosen.
    public enum Route: String, Sendable, Hashable, Codable, CaseIterable {
        /// A rule of the source registry's replication configuration matched the repository.
        case replication
        /// A copy rule matched the repository and tag.
        case copy
        /// The request named the destination.
        case explicit
    }

    /// The state of the job's tag in the destination.
    public enum TagState: String, Sendable, Hashable, Codable, CaseIterable {
        /// The tag points at the job's digest.
        case matches
        /// The tag points at another digest: reported, but the digest itself decides the status.
        case drift
        /// The destination has no image with the tag.
        case absent
    }

    public let destination: ReplicationDestination
    public let route: Route
    /// True when the runner copies the image into this destination before checking it.
    public let copies: Bool
    public let status: VerificationResult.Status
    public let observedDigest: String?
    public let tagState: TagState?
    /// The digest the job's tag points at in the destination, when it points elsewhere.
    public let tagDigest: String?
    public let firstSeenAt: Date?
    public let latencySeconds: Double?
    public let checks: Int
    public let lastCheckedAt: Date?
    public let lastError: String?
    /// JSON text of the copier's report, once a copy succeeded.
    public let copyReport: String?
}

/// One stored check of one destination.
public struct JobCheck: Sendable, Hashable {
    public let id: Int64
    public let jobId: Int64
    public let destination: ReplicationDestination
    public let checkedAt: Date
    /// `describe-images`, `replication-status`, `copy`, `eventbridge` or `deadline`.
    public let method: String
    public let status: VerificationResult.Status
    public let observedDigest: String?
    public let error: String?
}
