/// A token operation the caller cannot make; each kind maps to one HTTP status.
public struct TokenServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The name is empty, too long or has characters outside `A-Z a-z 0-9 . _ - @`; HTTP 400.
        case invalidName = "invalid_name"
        /// An active token already has this name; HTTP 409.
        case duplicateName = "duplicate_name"
        /// No token, or no active token of that name, exists; HTTP 404.
        case notFound = "not_found"
        /// The token was already revoked; HTTP 409.
        case alreadyRevoked = "already_revoked"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String {
        "TokenServiceError(\(self.kind.rawValue)): \(self.message)"
    }
}
