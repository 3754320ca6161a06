/// Amazon ECR operations (awsJson 1.1) in one region.
public struct ECR: Sendable {
    let executor: AWSCallExecutor
    /// The region whose registry receives the calls.
    public let region: String
    let credentialProvider: (any CredentialProvider)?

    func call<Input: Encodable, Output: Decodable>(
        _ operation: String,
        _ input: Input,
        as output: Output.Type = Output.self
    ) async throws -> Output {
        try await self.executor.json(
            .ecr,
            operation: operation,
            region: self.region,
            input: input,
            credentials: self.credentialProvider
        )
    }

    // MARK: Repositories

    public func createRepository(_ request: CreateRepositoryRequest) async throws -> CreateRepositoryResponse {
        try await self.call("CreateRepository", request)
    }

    /// Returns one page of repositories; see ``describeRepositoriesPages(_:)`` and ``allRepositories(_:)``.
    public func describeRepositories(
        _ request: DescribeRepositoriesRequest = DescribeRepositoriesRequest()
    ) async throws -> DescribeRepositoriesResponse {
        try await self.call("DescribeRepositories", request)
    }

    public func deleteRepository(_ request: DeleteRepositoryRequest) async throws -> DeleteRepositoryResponse {
        try await self.call("DeleteRepository", request)
    }

    public func putImageScanningConfiguration(
        _ request: PutImageScanningConfigurationRequest
    ) async throws -> PutImageScanningConfigurationResponse {
        try await self.call("PutImageScanningConfiguration", request)
    }

    public func putImageTagMutability(
        _ request: PutImageTagMutabilityRequest
    ) async throws -> PutImageTagMutabilityResponse {
        try await self.call("PutImageTagMutability", request)
    }

    public func tagResource(_ request: TagResourceRequest) async throws {
        let _: EmptyResponse = try await self.call("TagResource", request)
    }

    // MARK: Lifecycle and repository policies

    public func putLifecyclePolicy(_ request: PutLifecyclePolicyRequest) async throws -> LifecyclePolicyResponse {
        try await self.call("PutLifecyclePolicy", request)
    }

    public func getLifecyclePolicy(_ request: LifecyclePolicyRequest) async throws -> LifecyclePolicyResponse {
        try await self.call("GetLifecyclePolicy", request)
    }

    public func deleteLifecyclePolicy(_ request: LifecyclePolicyRequest) async throws -> LifecyclePolicyResponse {
        try await self.call("DeleteLifecyclePolicy", request)
    }

    public func setRepositoryPolicy(_ request: SetRepositoryPolicyRequest) async throws -> RepositoryPolicyResponse {
        try await self.call("SetRepositoryPolicy", request)
    }

    public func getRepositoryPolicy(_ request: RepositoryPolicyRequest) async throws -> RepositoryPolicyResponse {
        try await self.call("GetRepositoryPolicy", request)
    }

    public func deleteRepositoryPolicy(_ request: RepositoryPolicyRequest) async throws -> RepositoryPolicyResponse {
        try await self.call("DeleteRepositoryPolicy", request)
    }

    // MARK: Registry

    public func putReplicationConfiguration(
        _ request: PutReplicationConfigurationRequest
    ) async throws -> PutReplicationConfigurationResponse {
        try await self.call("PutReplicationConfiguration", request)
    }

    /// Returns the registry id and its replication configuration.
    public func describeRegistry() async throws -> DescribeRegistryResponse {
        try await self.call("DescribeRegistry", EmptyResponse())
    }

    public func putRegistryPolicy(_ request: PutRegistryPolicyRequest) async throws -> RegistryPolicyResponse {
        try await self.call("PutRegistryPolicy", request)
    }

    public func getRegistryPolicy() async throws -> RegistryPolicyResponse {
        try await self.call("GetRegistryPolicy", EmptyResponse())
    }

    public func deleteRegistryPolicy() async throws -> RegistryPolicyResponse {
        try await self.call("DeleteRegistryPolicy", EmptyResponse())
    }

    /// Returns a registry login token; `registryIds` is ignored by ECR today but accepted.
    public func getAuthorizationToken(
        _ request: GetAuthorizationTokenRequest = GetAuthorizationTokenRequest()
    ) async throws -> GetAuthorizationTokenResponse {
        try await self.call("GetAuthorizationToken", request)
    }
}
