import AWSClient
import Foundation

extension RepositoryService {
    /// Returns the source repository, its policies and, per destination of the matching replication rules,
    /// whether the replica exists and matches the source.
    ///
    /// - Throws: `AWSError` with `RepositoryNotFoundException` when the source repository does not exist.
    public func detail(_ name: RepositoryName) async throws -> RepositoryDetail {
        let ecr = try await self.registry.ecr(region: try self.registry.sourceRegion())
        let source = try await Self.describe(name.rawValue, in: ecr)
        let policies = try await Self.policies(of: name.rawValue, in: ecr)
        let configuration = try await self.replicationConfiguration()
        let match = configuration.match(repositoryName: name.rawValue)
        let sourceRegion = try self.registry.sourceRegion()
        let sourceAccount = try await self.registry.sourceAccount()
        var replicas: [ReplicaStatus] = []
        for destination in match.destinations
        where destination.region != sourceRegion || destination.registryId != sourceAccount {
            replicas.append(await self.replicaStatus(name.rawValue, at: destination, source: source, policies))
        }
        return RepositoryDetail(
            repository: source,
            lifecyclePolicy: policies.lifecycle,
            repositoryPolicy: policies.repository,
            replicationRules: match.ruleIndexes,
            replicas: replicas
        )
    }

    private func replicaStatus(
        _ name: String,
        at destination: ReplicationDestination,
        source: RepositoryDescription,
        _ sourcePolicies: (lifecycle: String?, repository: String?)
    ) async -> ReplicaStatus {
        do {
            let ecr = try await self.registry.ecr(region: destination.region, account: destination.registryId)
            let replica: RepositoryDescription
            do {
                replica = try await Self.describe(name, in: ecr)
            } catch let error as AWSError where error.code == "RepositoryNotFoundException" {
                return ReplicaStatus(destination, exists: false)
            }
            let policies = try await Self.policies(of: name, in: ecr)
            let differences = replica.settingsDifferences(from: source)
            return ReplicaStatus(
                region: destination.region,
                registryId: destination.registryId,
                exists: true,
                repository: replica,
                settingsMatch: differences.isEmpty,
                settingsDifferences: differences,
                lifecyclePolicyMatch: Self.sameJSON(policies.lifecycle, sourcePolicies.lifecycle),
                repositoryPolicyMatch: Self.sameJSON(policies.repository, sourcePolicies.repository),
                error: nil
            )
        } catch {
            return ReplicaStatus(destination, exists: nil, error: ReplicaError(error))
        }
    }

    /// Returns the lifecycle policy and repository policy texts of `name`, nil for each one it lacks.
    static func policies(of name: String, in ecr: ECR) async throws -> (lifecycle: String?, repository: String?) {
        var lifecycle: String?
        do {
            lifecycle = try await ecr.getLifecyclePolicy(LifecyclePolicyRequest(repositoryName: name))
                .lifecyclePolicyText
        } catch let error as AWSError where error.code == "LifecyclePolicyNotFoundException" {
            lifecycle = nil
        }
        var repository: String?
        do {
            repository = try await ecr.getRepositoryPolicy(RepositoryPolicyRequest(repositoryName: name)).policyText
        } catch let error as AWSError where error.code == "RepositoryPolicyNotFoundException" {
            repository = nil
        }
        return (lifecycle, repository)
    }

    /// True when both texts are absent, or both parse to the same JSON value. Key order and white space do
    /// not count, so a policy stored with other formatting still matches.
    static func sameJSON(_ lhs: String?, _ rhs: String?) -> Bool {
        guard let lhs, let rhs else {
            return lhs == nil && rhs == nil
        }
        guard let left = self.canonicalJSON(lhs), let right = self.canonicalJSON(rhs) else {
            return lhs == rhs
        }
        return left == right
    }

    private static func canonicalJSON(_ text: String) -> Data? {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return nil
        }
        return try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    }
}

extension ReplicaStatus {
    /// Creates the status of a replica that does not exist (`exists` false) or could not be read (`exists` nil,
    /// with `error`).
    init(_ destination: ReplicationDestination, exists: Bool?, error: ReplicaError? = nil) {
        self.init(
            region: destination.region,
            registryId: destination.registryId,
            exists: exists,
            repository: nil,
            settingsMatch: nil,
            settingsDifferences: [],
            lifecyclePolicyMatch: nil,
            repositoryPolicyMatch: nil,
            error: error
        )
    }
}
