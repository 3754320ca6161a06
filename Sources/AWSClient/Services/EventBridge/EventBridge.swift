/// Amazon EventBridge operations (awsJson 1.1) in one region.
public struct EventBridge: Sendable {
    let executor: AWSCallExecutor
    public let region: String
    let credentialProvider: (any CredentialProvider)?

    private func call<Input: Encodable, Output: Decodable>(
        _ operation: String,
        _ input: Input,
        as output: Output.Type = Output.self
    ) async throws -> Output {
        try await self.executor.json(
            .eventBridge,
            operation: operation,
            region: self.region,
            input: input,
            credentials: self.credentialProvider
        )
    }

    /// Creates or updates the rule `request.name` and returns its ARN.
    public func putRule(_ request: PutRuleRequest) async throws -> PutRuleResponse {
        try await self.call("PutRule", request)
    }

    /// Adds or updates targets; targets EventBridge rejected come back in `failedEntries`.
    public func putTargets(_ request: PutTargetsRequest) async throws -> TargetsResponse {
        try await self.call("PutTargets", request)
    }

    /// Removes targets; targets EventBridge could not remove come back in `failedEntries`.
    public func removeTargets(_ request: RemoveTargetsRequest) async throws -> TargetsResponse {
        try await self.call("RemoveTargets", request)
    }

    /// Deletes a rule, which must have no targets left unless `force` is set.
    public func deleteRule(_ request: DeleteRuleRequest) async throws {
        let _: EmptyResponse = try await self.call("DeleteRule", request)
    }
}
