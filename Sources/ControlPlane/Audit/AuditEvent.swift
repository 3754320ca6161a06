/// A stored audit log row with its id and its place in the hash chain.
public struct AuditEvent: Sendable, Hashable {
    /// Position in the log: 1 for the first row, one more for each row after it.
    public let id: Int64
    /// RFC 3339 UTC time with milliseconds, exactly as stored and hashed.
    public let time: String
    public let actor: String
    public let action: String
    public let target: String
    public let requestId: String?
    public let outcome: AuditOutcome
    public let failure: AuditFailure?
    /// JSON text of the object before the change.
    public let before: String?
    /// JSON text of the object after the change.
    public let after: String?
    /// Hex SHA-256 of the row before; 64 zeros for the first row.
    public let previousHash: String
    /// Hex SHA-256 over this row's canonical form, which includes `previousHash`.
    public let hash: String

    public init(
        id: Int64,
        time: String,
        actor: String,
        action: String,
        target: String,
        requestId: String?,
        outcome: AuditOutcome,
        failure: AuditFailure?,
        before: String?,
        after: String?,
        previousHash: String,
        hash: String
    ) {
        self.id = id
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.requestId = requestId
        self.outcome = outcome
        self.failure = failure
        self.before = before
        self.after = after
        self.previousHash = previousHash
        self.hash = hash
    }
}
