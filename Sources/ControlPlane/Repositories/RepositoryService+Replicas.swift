import AWSClient

extension RepositoryService {
    /// Returns the source region's replication configuration as ECR stores it, with no rules when none is set.
    func replicationConfiguration() async throws -> ReplicationConfiguration {
        let registry = try await self.registry.ecr(region: try self.registry.sourceRegion()).describeRegistry()
        let rules = registry.replicationConfiguration?.rules ?? []
        return ReplicationConfiguration(
            rules: rules.map { rule in
                let filters = (rule.repositoryFilters ?? []).map { RepositoryFilter(filter: $0.filter) }
                // ECR applies a rule without filters to every repository, which the domain type writes as nil.
                return ReplicationRule(
                    destinations: rule.destinations.map {
                        ReplicationDestination(region: $0.region, registryId: $0.registryId)
                    },
                    repositoryFilters: filters.isEmpty ? nil : filters
                )
            }
        )
    }

    /// Returns every destination that images of repository `name` replicate to, leaving out the source
    /// itself, which ECR never accepts as a destination.
    func replicaDestinations(of name: String) async throws -> [ReplicationDestination] {
        let configuration = try await self.replicationConfiguration()
        let sourceRegion = try self.registry.sourceRegion()
        let sourceAccount = try await self.registry.sourceAccount()
        return configuration.destinations(forRepository: name).filter {
            $0.region != sourceRegion || $0.registryId != sourceAccount
        }
    }

    /// Runs `change` against the ECR API of `destination` and reports its outcome instead of throwing, so
    /// one replica's failure does not hide the others' results.
    func replicaChange(
        at destination: ReplicationDestination,
        change: (ECR) async throws -> RepositoryDescription?
    ) async -> ReplicaChangeResult {
        do {
            let ecr = try await self.registry.ecr(region: destination.region, account: destination.registryId)
            let repository = try await change(ecr)
            return ReplicaChangeResult(
                region: destination.region,
                registryId: destination.registryId,
                outcome: "succeeded",
                repository: repository,
                error: nil
            )
        } catch {
            return ReplicaChangeResult(
                region: destination.region,
                registryId: destination.registryId,
                outcome: "failed",
                repository: nil,
                error: ReplicaError(error)
            )
        }
    }
}
