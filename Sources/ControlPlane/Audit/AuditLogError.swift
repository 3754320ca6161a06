/// A failure of the audit log that is not a database error.
public struct AuditLogError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// A paging cursor that this log did not issue; the API returns 400.
        case invalidCursor
        /// `append(_:in:)` was called on a connection without an open write transaction.
        case notInTransaction
        /// The chain head row is missing, so the audit migration has not been applied.
        case chainHeadMissing
        /// A stored row holds a value the log never writes, such as an unknown outcome.
        case corruptRow
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String {
        "AuditLogError(\(self.kind.rawValue)): \(self.message)"
    }
}
