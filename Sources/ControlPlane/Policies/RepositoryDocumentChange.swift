/// The result of changing a repository's lifecycle or repository policy: the source repository, then each
/// replica the change was also applied to.
public struct RepositoryDocumentChange: Sendable, Codable {
    public let repositoryName: String
    public let region: String
    public let registryId: String
    /// The stored policy text after the change; nil after a delete.
    public let policyText: String?
    /// One entry per destination of the replication rules matching the repository, when the caller asked to
    /// apply the change to replicas; empty otherwise.
    public let replicas: [ReplicaOutcome]
}

/// The outcome of applying a policy change to one replica of a repository.
public struct ReplicaOutcome: Sendable, Codable, Hashable {
    public enum Outcome: String, Sendable, Codable {
        case succeeded
        case failed
    }

    public let region: String
    public let registryId: String
    public let outcome: Outcome
    /// The AWS error code (or the error type) when the change failed.
    public let errorCode: String?
    public let message: String?
}

/// The state of a repository document in one registry, as audit rows store it before and after a change.
struct RepositoryDocumentState: Codable {
    let region: String
    let registryId: String
    let policyText: String
}
