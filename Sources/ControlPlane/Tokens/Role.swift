/// The access level of a bearer token; each role may do everything the roles below it may.
///
/// viewer reads; operator also starts jobs, cleanup runs and audits; admin also changes repositories,
/// configuration, policies and tokens.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case viewer
    case `operator`
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        lhs.rank < rhs.rank
    }
}

/// The authenticated caller of a request.
public struct Principal: Sendable, Hashable {
    /// The token's name, recorded as the actor of audit rows.
    public let name: String
    public let role: Role
    public let tokenId: Int64

    public init(name: String, role: Role, tokenId: Int64) {
        self.name = name
        self.role = role
        self.tokenId = tokenId
    }

    /// True when the caller's role is `required` or higher.
    public func isPermitted(_ required: Role) -> Bool {
        self.role >= required
    }
}
