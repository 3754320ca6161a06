import AWSClient

/// The replication configuration of one registry as ECR returned it, with its entity tag.
public struct ReplicationConfigurationSnapshot: Sendable {
    public let region: String
    /// The registry (account) id DescribeRegistry returned.
    public let registryId: String?
    /// The configuration in ECR's wire shape, which is also the body `PUT` takes.
    public let configuration: ECRReplicationConfiguration

    public init(region: String, registryId: String?, configuration: ECRReplicationConfiguration) {
        self.region = region
        self.registryId = registryId
        self.configuration = configuration
    }

    /// The configuration as JSON with sorted keys; the form audit rows store and the entity tag hashes.
    public var canonicalJSON: String {
        Self.canonicalJSON(of: self.configuration)
    }

    public var entityTag: EntityTag {
        EntityTag(of: self.canonicalJSON)
    }

    static func canonicalJSON(of configuration: ECRReplicationConfiguration) -> String {
        ChangeRecorder.json(configuration) ?? "{\"rules\":[]}"
    }

    /// The configuration as the domain type, for matching repositories. ECR has one filter type,
    /// `PREFIX_MATCH`, so every filter is read as a prefix.
    public var domainConfiguration: ReplicationConfiguration {
        let rules = self.configuration.rules.map { rule in
            ReplicationRule(
                destinations: rule.destinations.map {
                    ReplicationDestination(region: $0.region, registryId: $0.registryId)
                },
                repositoryFilters: rule.repositoryFilters?.map { RepositoryFilter(filter: $0.filter) }
            )
        }
        return ReplicationConfiguration(rules: rules)
    }
}

extension ReplicationConfiguration {
    /// The configuration in ECR's wire shape for PutReplicationConfiguration.
    var wireConfiguration: ECRReplicationConfiguration {
        let rules = self.rules.map { rule in
            ECRReplicationRule(
                destinations: rule.destinations.map {
                    ECRReplicationDestination(region: $0.region, registryId: $0.registryId)
                },
                repositoryFilters: rule.repositoryFilters?.map {
                    ECRRepositoryFilter(filter: $0.filter, filterType: $0.filterType.rawValue)
                }
            )
        }
        return ECRReplicationConfiguration(rules: rules)
    }
}
