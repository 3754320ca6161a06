/// The rules of a replication configuration that match one repository, and the destinations of its images.
public struct ReplicationMatch: Sendable, Hashable, Codable {
    public let repositoryName: String
    /// Indexes into `rules` of every rule that applies, in rule order; empty when the repository is not
    /// replicated.
    public let ruleIndexes: [Int]
    /// The union of those rules' destinations, first occurrence first.
    public let destinations: [ReplicationDestination]
}

extension ReplicationConfiguration {
    /// Returns every destination that an image pushed to repository `name` replicates to.
    ///
    /// Replication is one hop: an image replicated into a destination is not replicated again by that
    /// destination's own configuration, so the result is only this configuration's destinations.
    public func destinations(forRepository name: String) -> [ReplicationDestination] {
        self.match(repositoryName: name).destinations
    }

    /// Returns the matching rules and the destinations for repository `name`.
    public func match(repositoryName name: String) -> ReplicationMatch {
        var ruleIndexes: [Int] = []
        var destinations: [ReplicationDestination] = []
        var seen: Set<ReplicationDestination> = []
        for (index, rule) in self.rules.enumerated() where rule.matches(repositoryName: name) {
            ruleIndexes.append(index)
            for destination in rule.destinations where seen.insert(destination).inserted {
                destinations.append(destination)
            }
        }
        return ReplicationMatch(repositoryName: name, ruleIndexes: ruleIndexes, destinations: destinations)
    }

    /// Returns, for each repository name in order, the rules that match it and where it would replicate; the
    /// `dryRun` preview of a configuration change.
    public func dryRun(repositoryNames: [String]) -> [ReplicationMatch] {
        repositoryNames.map { self.match(repositoryName: $0) }
    }
}
