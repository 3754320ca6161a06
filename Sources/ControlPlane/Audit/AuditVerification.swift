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
