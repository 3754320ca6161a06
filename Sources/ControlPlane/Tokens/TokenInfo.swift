/// A stored token as lists and audit rows show it: never the secret or its hash.
public struct TokenInfo: Sendable, Hashable, Codable {
    public let id: Int64
    public let name: String
    public let role: Role
    /// The non-secret middle part of the token text, which identifies the token in logs and lists.
    public let publicId: String
    /// RFC 3339 UTC time with milliseconds.
    public let createdAt: String
    public let createdBy: String
    public let revokedAt: String?
    public let revokedBy: String?

    public init(
        id: Int64,
        name: String,
        role: Role,
        publicId: String,
        createdAt: String,
        createdBy: String,
        revokedAt: String? = nil,
        revokedBy: String? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.publicId = publicId
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
    }

    public var isRevoked: Bool {
        self.revokedAt != nil
    }
}

/// A newly created token: the only time its plaintext exists outside the caller's hands.
public struct IssuedToken: Sendable {
    public let info: TokenInfo
    /// The bearer token text, `ecp_<public id>_<secret>`; only its hash is stored.
    public let token: String
}

/// The token a revoke call names: its id, or the name of the active token.
public enum TokenReference: Sendable, Hashable {
    case id(Int64)
    case name(String)
}
