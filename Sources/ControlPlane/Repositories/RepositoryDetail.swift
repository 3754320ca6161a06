/// A source repository with its policies and the state of each replica, the body of
/// `GET /v1/repositories/{name}`.
public struct RepositoryDetail: Sendable, Hashable, Encodable {
    public let repository: RepositoryDescription
    /// The lifecycle policy text as ECR stores it; nil when the repository has none.
    public let lifecyclePolicy: String?
    /// The repository policy text as ECR stores it; nil when the repository has none.
    public let repositoryPolicy: String?
    /// Indexes of the replication rules that match the name, in rule order.
    public let replicationRules: [Int]
    /// One entry per destination of those rules.
    public let replicas: [ReplicaStatus]
}

/// Whether a replica exists and matches its source.
///
/// The match fields are nil when the replica does not exist or could not be read (see `error`).
public struct ReplicaStatus: Sendable, Hashable, Encodable {
    public let region: String
    public let registryId: String
    /// Nil when the replica's region could not be read.
    public let exists: Bool?
    public let repository: RepositoryDescription?
    /// True when scan on push, tag mutability and encryption type equal the source's.
    public let settingsMatch: Bool?
    /// The names of the settings that differ, such as `scanOnPush`.
    public let settingsDifferences: [String]
    /// True when both have no lifecycle policy or the same one, compared as JSON.
    public let lifecyclePolicyMatch: Bool?
    /// True when both have no repository policy or the same one, compared as JSON.
    public let repositoryPolicyMatch: Bool?
    public let error: ReplicaError?
}
