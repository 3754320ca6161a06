/// The outcome of one change to a replica, which the response reports next to the source's result, because
/// a replica can fail while the source succeeded.
public struct ReplicaChangeResult: Sendable, Hashable, Encodable {
    public let region: String
    public let registryId: String
    /// `succeeded` or `failed`.
    public let outcome: String
    /// The replica after the change; nil when the change failed or deleted it.
    public let repository: RepositoryDescription?
    public let error: ReplicaError?
}

/// The error of a change or read in a replica's region.
public struct ReplicaError: Sendable, Hashable, Encodable {
    /// The AWS error code, such as `RepositoryAlreadyExistsException`, or the error type when no AWS call was
    /// made, such as `RegistryContextError` for an account without a configured role.
    public let code: String
    public let message: String

    init(_ error: any Error) {
        let failure = ChangeRecorder.failure(for: error)
        self.code = failure.code
        self.message = failure.message
    }
}

/// The result of `POST /v1/repositories`.
public struct RepositoryCreation: Sendable, Hashable, Encodable {
    public let repository: RepositoryDescription
    public let replicas: [ReplicaChangeResult]
}

/// The result of `PATCH /v1/repositories/{name}`.
public struct RepositoryUpdate: Sendable, Hashable, Encodable {
    public let repository: RepositoryDescription
    public let replicas: [ReplicaChangeResult]
}

/// The result of `DELETE /v1/repositories/{name}`.
public struct RepositoryDeletion: Sendable, Hashable, Encodable {
    /// The repository as it was before the delete; nil when it could not be described first.
    public let repository: RepositoryDescription?
    public let replicas: [ReplicaChangeResult]
}

/// One page of a list, with the cursor of the next page.
public struct RepositoryListPage<Item: Sendable & Encodable>: Sendable {
    public let items: [Item]
    /// Pass as `cursor` for the next page; nil on the last page.
    public let next: String?
}
