/// The effect a replication configuration would have on the existing repositories, without applying it.
public struct ReplicationDryRun: Sendable, Codable {
    /// One repository: the rules of the new configuration that match it and where its images would go.
    public struct Repository: Sendable, Codable {
        public let repositoryName: String
        /// Indexes into the new configuration's `rules`; empty when the repository would not replicate.
        public let ruleIndexes: [Int]
        public let destinations: [ReplicationDestination]
        /// The destinations its images replicate to under the current configuration, for comparison.
        public let currentDestinations: [ReplicationDestination]

        init(match: ReplicationMatch, currentDestinations: [ReplicationDestination]) {
            self.repositoryName = match.repositoryName
            self.ruleIndexes = match.ruleIndexes
            self.destinations = match.destinations
            self.currentDestinations = currentDestinations
        }
    }

    public let dryRun: Bool
    /// The validated configuration that was evaluated.
    public let configuration: ReplicationConfiguration
    /// The entity tag of the configuration in effect, which a following `PUT` can send as `If-Match`.
    public let currentETag: String
    /// Every repository of the source registry, sorted by name.
    public let repositories: [Repository]

    init(configuration: ReplicationConfiguration, currentETag: String, repositories: [Repository]) {
        self.dryRun = true
        self.configuration = configuration
        self.currentETag = currentETag
        self.repositories = repositories
    }
}
