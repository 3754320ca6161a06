import Foundation

/// Whether the recorded change took effect.
public enum AuditOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case succeeded
    case failed
}

/// The error code and message of a change that failed.
public struct AuditFailure: Sendable, Hashable {
    /// A stable, machine-readable code such as `conflict` or an AWS error code.
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// One change to record in the audit log, before it has an id and a hash.
public struct AuditEntry: Sendable, Hashable {
    public var time: Date
    /// The name of the token that made the request, or the operator name for a command-line change.
    public var actor: String
    /// A dotted verb such as `repository.create` or `token.revoke`.
    public var action: String
    /// The changed object, such as a repository name or `token:ci-bot`.
    public var target: String
    public var requestId: String?
    /// Nil when the change succeeded.
    public var failure: AuditFailure?
    /// JSON text of the object before the change; nil when it did not exist.
    public var before: String?
    /// JSON text of the object after the change; nil when it no longer exists or the change failed.
    public var after: String?

    public init(
        actor: String,
        action: String,
        target: String,
        requestId: String?,
        failure: AuditFailure? = nil,
        before: String? = nil,
        after: String? = nil,
        time: Date = Date()
    ) {
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.requestId = requestId
        self.failure = failure
        self.before = before
        self.after = after
    }

    public var outcome: AuditOutcome {
        self.failure == nil ? .succeeded : .failed
    }
}
