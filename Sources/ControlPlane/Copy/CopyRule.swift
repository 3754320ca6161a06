/// A copy rule: images in repositories whose name starts with `repositoryPrefix`, and whose tag matches
/// `tagPattern` when the rule has one, are copied to every destination.
///
/// Copy rules reach where ECR replication cannot: they filter by tag, apply to images pushed before the
/// rule existed, and may name destinations in other partitions.
public struct CopyRule: Sendable, Hashable, Codable {
    public let id: Int64
    public let repositoryPrefix: String
    /// A tag pattern with `*` wildcards such as `release-*`. Nil matches every image, tagged or not.
    public let tagPattern: String?
    public let destinations: [ReplicationDestination]
    /// RFC 3339 time of creation.
    public let createdAt: String
    /// The actor that created the rule.
    public let createdBy: String

    public init(
        id: Int64,
        repositoryPrefix: String,
        tagPattern: String?,
        destinations: [ReplicationDestination],
        createdAt: String,
        createdBy: String
    ) {
        self.id = id
        self.repositoryPrefix = repositoryPrefix
        self.tagPattern = tagPattern
        self.destinations = destinations
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// True when an image of `repository` with `tag` (nil for an untagged image) falls under the rule. A
    /// rule with a tag pattern never matches an untagged image.
    public func matches(repository: String, tag: String?) -> Bool {
        guard repository.utf8.starts(with: self.repositoryPrefix.utf8) else {
            return false
        }
        guard let tagPattern = self.tagPattern else {
            return true
        }
        guard let tag else {
            return false
        }
        return TagPattern(tagPattern).matches(tag)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.repositoryPrefix, forKey: .repositoryPrefix)
        // `tagPattern` is always present, null for a rule without one.
        try container.encode(self.tagPattern, forKey: .tagPattern)
        try container.encode(self.destinations, forKey: .destinations)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encode(self.createdBy, forKey: .createdBy)
    }
}

/// The validated fields of a copy rule that a caller sends, from `init(validating:sourceRegion:sourceAccount:)`.
public struct CopyRuleDraft: Sendable, Hashable {
    /// The maximum number of destinations in one copy rule. It is ECR's limit of unique replication destinations,
    /// so a rule never fans out wider than a replication configuration could.
    public static let maximumDestinations = 25
    /// The maximum number of `*` wildcards in a tag pattern, as in ECR lifecycle policy tag patterns.
    public static let maximumWildcards = 4

    public let repositoryPrefix: String
    public let tagPattern: String?
    public let destinations: [ReplicationDestination]

    public init(repositoryPrefix: String, tagPattern: String?, destinations: [ReplicationDestination]) {
        self.repositoryPrefix = repositoryPrefix
        self.tagPattern = tagPattern
        self.destinations = destinations
    }
}
