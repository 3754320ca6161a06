/// A copy rule operation the caller cannot make. Each kind maps to one HTTP status.
public struct CopyRuleServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// No copy rule has the id (HTTP 404).
        case notFound = "not_found"
        /// A rule with the same repository prefix and tag pattern exists (HTTP 409).
        case duplicate = "duplicate"
        /// The list cursor is not one the list returned (HTTP 400).
        case invalidCursor = "invalid_cursor"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String {
        "CopyRuleServiceError(\(self.kind.rawValue)): \(self.message)"
    }
}
