/// A stored cleanup run: its policy, its plan and, once applied, the outcome of each planned image.
public struct CleanupRun: Sendable, Hashable, Codable {
    /// `planned` until apply starts, `applying` while it runs, then `applied`.
    public enum State: String, Sendable, Hashable, Codable {
        case planned
        case applying
        case applied
    }

    public let id: Int64
    /// RFC 3339 UTC time with milliseconds.
    public let createdAt: String
    public let createdBy: String
    public let policy: CleanupPolicy
    public let state: State
    public let appliedAt: String?
    public let appliedBy: String?
    public let plan: [CleanupPlanItem]
    /// Repositories and regions the planner could not read, such as a replica that does not exist.
    public var skipped: [String]
}

/// One image a run deletes, and after apply what happened to it.
public struct CleanupPlanItem: Sendable, Hashable, Codable {
    public let region: String
    public let registryId: String?
    public let repository: String
    public let imageDigest: String
    public let reason: String
    /// Nil until applied; then `deleted` or `failed`.
    public var outcome: String?
    /// BatchDeleteImage's failure code, such as `ImageNotFound`, or the AWS error code of a failed call.
    public var failureCode: String?
    public var failureReason: String?

    public init(region: String, registryId: String?, repository: String, imageDigest: String, reason: String) {
        self.region = region
        self.registryId = registryId
        self.repository = repository
        self.imageDigest = imageDigest
        self.reason = reason
    }
}

/// A cleanup request the stored runs cannot serve.
public struct CleanupError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case notFound
        case alreadyApplied
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { self.message }
}
