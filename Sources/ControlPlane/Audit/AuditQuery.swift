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

/// One page of audit events, newest first, with the cursor of the next page.
public struct AuditPage: Sendable {
    public let items: [AuditEvent]
    /// Pass to the next `list` call for older rows; nil on the last page.
    public let next: String?

    public init(items: [AuditEvent], next: String?) {
        self.items = items
        self.next = next
    }
}

/// The result of walking the hash chain.
public struct AuditVerification: Sendable, Hashable, Codable {
    /// True when every row's hash matches its content and links to the row before.
    public let intact: Bool
    /// Rows that passed before the walk stopped, or every row when the chain is intact.
    public let checkedCount: Int
    /// The id of the first row that fails a check, or of the first missing row when the newest rows were removed.
    public let firstBrokenId: Int64?
    public let reason: String?

    public init(intact: Bool, checkedCount: Int, firstBrokenId: Int64? = nil, reason: String? = nil) {
        self.intact = intact
        self.checkedCount = checkedCount
        self.firstBrokenId = firstBrokenId
        self.reason = reason
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
