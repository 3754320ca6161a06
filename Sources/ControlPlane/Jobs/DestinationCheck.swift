import Foundation

/// The outcome of one check (or copy) of one destination of a job, before it is stored.
public struct DestinationCheck: Sendable, Hashable {
    public var destination: ReplicationDestination
    /// `describe-images`, `replication-status`, `copy`, `eventbridge` or `deadline`.
    public var method: String
    /// `pending` while the digest is not found yet, `verified` once found, `failed` for an error retrying
    /// will not fix.
    public var status: VerificationResult.Status
    public var observedDigest: String?
    public var tagState: JobDestination.TagState?
    public var tagDigest: String?
    /// When the digest arrived in the destination: its `imagePushedAt` there, else the time of the check.
    public var seenAt: Date?
    public var error: String?
    /// JSON text of the copier's report, for a successful copy.
    public var copyReport: String?

    public init(
        destination: ReplicationDestination,
        method: String,
        status: VerificationResult.Status,
        observedDigest: String? = nil,
        tagState: JobDestination.TagState? = nil,
        tagDigest: String? = nil,
        seenAt: Date? = nil,
        error: String? = nil,
        copyReport: String? = nil
    ) {
        self.destination = destination
        self.method = method
        self.status = status
        self.observedDigest = observedDigest
        self.tagState = tagState
        self.tagDigest = tagDigest
        self.seenAt = seenAt
        self.error = error
        self.copyReport = copyReport
    }
}
