import Foundation

/// Conditions on the audit rows a list returns; nil fields do not filter.
public struct AuditFilter: Sendable, Hashable {
    /// Exact token name.
    public var actor: String?
    /// Exact action, such as `token.create`.
    public var action: String?
    /// Rows whose target starts with this text; an empty prefix does not filter.
    public var targetPrefix: String?
    public var outcome: AuditOutcome?
    /// Rows at or after this time.
    public var since: Date?
    /// Rows strictly before this time.
    public var until: Date?

    public init(
        actor: String? = nil,
        action: String? = nil,
        targetPrefix: String? = nil,
        outcome: AuditOutcome? = nil,
        since: Date? = nil,
        until: Date? = nil
    ) {
        self.actor = actor
        self.action = action
        self.targetPrefix = targetPrefix
        self.outcome = outcome
        self.since = since
        self.until = until
    }
}

/// Page sizes of audit lists.
public enum AuditPageSize {
    public static let defaultLimit = 50
    public static let maximumLimit = 500

    /// Returns `limit` clamped to 1...500, or 50 when nil.
    public static func clamp(_ limit: Int?) -> Int {
        min(max(limit ?? self.defaultLimit, 1), self.maximumLimit)
    }
}
