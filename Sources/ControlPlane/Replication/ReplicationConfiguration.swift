/// A registry's replication configuration in ECR's own JSON shape, as `aws ecr put-replication-configuration`
/// takes it: `{"rules": [{"destinations": [{"region", "registryId"}], "repositoryFilters": [{"filter",
/// "filterType"}]}]}`.
///
/// `Codable` reads and writes exactly that shape; `repositoryFilters` is omitted when a rule has none.
public struct ReplicationConfiguration: Sendable, Hashable, Codable {
    /// ECR allows at most 10 rules in a replication configuration.
    public static let maximumRules = 10
    /// ECR allows at most 25 unique destinations (region and registry) over all rules.
    public static let maximumUniqueDestinations = 25
    /// ECR allows at most 100 repository filters in one rule.
    public static let maximumFiltersPerRule = 100

    public var rules: [ReplicationRule]

    public init(rules: [ReplicationRule]) {
        self.rules = rules
    }
}

/// One replication rule: where to replicate and, optionally, which repositories.
public struct ReplicationRule: Sendable, Hashable, Codable {
    public var destinations: [ReplicationDestination]
    /// Name-prefix filters; nil means the rule applies to every repository.
    public var repositoryFilters: [RepositoryFilter]?

    public init(destinations: [ReplicationDestination], repositoryFilters: [RepositoryFilter]? = nil) {
        self.destinations = destinations
        self.repositoryFilters = repositoryFilters
    }

    /// True when the rule applies to repository `name`: it has no filters, or `name` starts with one of them.
    public func matches(repositoryName name: String) -> Bool {
        guard let filters = self.repositoryFilters else {
            return true
        }
        return filters.contains { name.utf8.starts(with: $0.filter.utf8) }
    }
}

/// A replication target: a region and the registry (account) in it.
public struct ReplicationDestination: Sendable, Hashable, Codable, CustomStringConvertible {
    public var region: String
    public var registryId: String

    public init(region: String, registryId: String) {
        self.region = region
        self.registryId = registryId
    }

    public var description: String {
        "\(self.region)/\(self.registryId)"
    }
}

/// A repository filter of a replication rule.
public struct RepositoryFilter: Sendable, Hashable, Codable {
    /// ECR's `filterType`; `PREFIX_MATCH` is the only value ECR supports.
    public enum FilterType: String, Sendable, Hashable, Codable {
        case prefixMatch = "PREFIX_MATCH"
    }

    /// A repository name prefix.
    public var filter: String
    public var filterType: FilterType

    public init(filter: String, filterType: FilterType = .prefixMatch) {
        self.filter = filter
        self.filterType = filterType
    }
}
