import Foundation

/// The outcome of one check of one image digest in one destination registry.
public struct VerificationResult: Sendable, Hashable {
    /// The state of the digest in the destination after the check.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Not found yet, and the deadline has not passed.
        case pending
        /// Found by digest.
        case verified
        /// Still not found when the deadline passed.
        case missing
        /// The check or the copy failed with an error that retrying will not fix.
        case failed
    }

    public let repository: String
    public let digest: String
    public let destination: ReplicationDestination
    public let status: Status
    /// Seconds from the push in the source to the first time the digest was seen in the destination;
    /// nil unless `status` is `verified`.
    public let latencySeconds: Double?
    public let checkedAt: Date

    public init(
        repository: String,
        digest: String,
        destination: ReplicationDestination,
        status: Status,
        latencySeconds: Double?,
        checkedAt: Date
    ) {
        self.repository = repository
        self.digest = digest
        self.destination = destination
        self.status = status
        self.latencySeconds = latencySeconds
        self.checkedAt = checkedAt
    }
}

/// A receiver of every verification result the job runner stores, for example to publish CloudWatch metrics.
/// The method cannot throw, so a sink that cannot deliver logs the failure and drops the results.
public protocol VerificationResultSink: Sendable {
    func record(_ results: [VerificationResult]) async
}
