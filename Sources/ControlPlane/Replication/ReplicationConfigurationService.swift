import AWSClient
import Foundation

/// Reads and replaces the source registry's replication configuration: validates locally, checks `If-Match`,
/// calls ECR and records the change in the audit log with the configurations before and after.
public struct ReplicationConfigurationService: Sendable {
    public let registry: RegistryContext
    public let changes: ChangeRecorder
    private let serializer = ChangeSerializer()

    public init(registry: RegistryContext, changes: ChangeRecorder) {
        self.registry = registry
        self.changes = changes
    }

    /// Returns the source registry's configuration from DescribeRegistry; an empty rule list when none is set.
    public func current() async throws -> ReplicationConfigurationSnapshot {
        let region = try self.registry.sourceRegion()
        let response = try await self.registry.ecr(region: region).describeRegistry()
        return ReplicationConfigurationSnapshot(
            region: region,
            registryId: response.registryId,
            configuration: response.replicationConfiguration ?? ECRReplicationConfiguration(rules: [])
        )
    }

    /// Validates `body`, an ECR replication configuration document, and replaces the configuration with it.
    ///
    /// - Parameter ifMatch: the request's `If-Match` header; nil replaces whatever is current.
    /// - Throws: `ValidationError` (no AWS call made), `PreconditionFailedError` when `ifMatch` is stale, or the
    ///   `AWSError` of PutReplicationConfiguration after recording the failure.
    public func replace(
        with body: [UInt8],
        ifMatch: String?,
        origin: ChangeRecorder.Origin
    ) async throws -> ReplicationConfigurationSnapshot {
        let configuration = try await self.validate(body)
        return try await self.serializer.run {
            try await self.write(configuration, ifMatch: ifMatch, origin: origin)
        }
    }

    private func write(
        _ configuration: ReplicationConfiguration,
        ifMatch: String?,
        origin: ChangeRecorder.Origin
    ) async throws -> ReplicationConfigurationSnapshot {
        let current = try await self.current()
        try EntityTag.checkIfMatch(ifMatch, current: current.entityTag)
        let wire = configuration.wireConfiguration
        let region = current.region
        let ecr = try await self.registry.ecr(region: region)
        _ = try await self.changes.record(
            "replication-configuration.put",
            target: "registry:\(region)/replication-configuration",
            origin: origin,
            before: current.canonicalJSON,
            change: { try await ecr.putReplicationConfiguration(.init(replicationConfiguration: wire)) },
            after: { _ in ReplicationConfigurationSnapshot.canonicalJSON(of: wire) }
        )
        return ReplicationConfigurationSnapshot(region: region, registryId: current.registryId, configuration: wire)
    }

    /// Validates `body` and returns, for every repository of the source registry, what the configuration would
    /// replicate, without changing anything. `If-Match` is checked as `replace` checks it.
    public func dryRun(_ body: [UInt8], ifMatch: String?) async throws -> ReplicationDryRun {
        let configuration = try await self.validate(body)
        let current = try await self.current()
        try EntityTag.checkIfMatch(ifMatch, current: current.entityTag)
        let repositories = try await self.registry.ecr(region: current.region).allRepositories()
        let names = repositories.map(\.repositoryName).sorted()
        let currentConfiguration = current.domainConfiguration
        let entries = configuration.dryRun(repositoryNames: names).map { match in
            ReplicationDryRun.Repository(
                match: match,
                currentDestinations: currentConfiguration.destinations(forRepository: match.repositoryName)
            )
        }
        return ReplicationDryRun(
            configuration: configuration,
            currentETag: current.entityTag.value,
            repositories: entries
        )
    }

    /// Returns the destinations that an image pushed to `repository` replicates to under the current
    /// configuration.
    public func destinations(forRepository repository: String) async throws -> [ReplicationDestination] {
        try await self.current().domainConfiguration.destinations(forRepository: repository)
    }

    private func validate(_ body: [UInt8]) async throws -> ReplicationConfiguration {
        let region = try AWSRegion(validating: try self.registry.sourceRegion(), field: .root)
        let account = try RegistryID(validating: try await self.registry.sourceAccount(), field: .root)
        return try ReplicationConfiguration(validating: body, sourceRegion: region, sourceAccount: account)
    }
}
