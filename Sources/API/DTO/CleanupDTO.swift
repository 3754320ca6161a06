import ControlPlane

/// The body of `POST /v1/cleanup-runs`.
struct CleanupRunBody: Decodable {
    var repositoryPrefix: String
    var untaggedOlderThanDays: Int
    var dryRun: Bool?
    var taggedRules: [TaggedRule]?

    struct TaggedRule: Decodable {
        var tagPrefixes: [String]
        var olderThanDays: Int
        var keepLatest: Int?
    }

    static let members: Set<String> = ["repositoryPrefix", "untaggedOlderThanDays", "dryRun", "taggedRules"]
    static let taggedRuleMembers: Set<String> = ["tagPrefixes", "olderThanDays", "keepLatest"]

    var policy: CleanupPolicy {
        CleanupPolicy(
            repositoryPrefix: self.repositoryPrefix,
            untaggedOlderThanDays: self.untaggedOlderThanDays,
            taggedRules: (self.taggedRules ?? []).map {
                TaggedCleanupRule(
                    tagPrefixes: $0.tagPrefixes,
                    olderThanDays: $0.olderThanDays,
                    keepLatest: $0.keepLatest ?? 0
                )
            }
        )
    }

    /// The value `decode` gets for an empty body; `decode` rejects it because both required members are missing.
    static let empty = CleanupRunBody(repositoryPrefix: "", untaggedOlderThanDays: -1)
}

extension APIError {
    /// Maps a cleanup run error to 404 or 409.
    static func cleanup(_ error: CleanupError) -> APIError {
        switch error.kind {
        case .notFound: .notFound(error.message)
        case .alreadyApplied: .conflict(error.message)
        }
    }

    /// Maps a drift audit error to 404 or 400.
    static func driftAudit(_ error: DriftAuditError) -> APIError {
        switch error.kind {
        case .notFound: .notFound(error.message)
        case .unknownFindings: .invalidField("findingIds", error.message)
        }
    }
}
