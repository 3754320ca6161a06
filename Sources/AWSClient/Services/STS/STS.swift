/// AWS Security Token Service operations (awsQuery protocol) in one region.
public struct STS: Sendable {
    let executor: AWSCallExecutor
    /// The region whose STS endpoint receives the calls.
    public let region: String
    let credentialProvider: (any CredentialProvider)?

    /// Returns the account, ARN and user id of the calling credentials.
    public func getCallerIdentity() async throws -> GetCallerIdentityResponse {
        let result = try await self.call("GetCallerIdentity", GetCallerIdentityRequest())
        return GetCallerIdentityResponse(xml: result)
    }

    /// Returns temporary credentials of `request.roleArn`.
    public func assumeRole(_ request: AssumeRoleRequest) async throws -> AssumeRoleResponse {
        let result = try await self.call("AssumeRole", request)
        return try AssumeRoleResponse(xml: result, operation: "AssumeRole")
    }

    /// Exchanges an OIDC token for temporary credentials of `request.roleArn`; the call is not signed.
    public func assumeRoleWithWebIdentity(
        _ request: AssumeRoleWithWebIdentityRequest
    ) async throws -> AssumeRoleResponse {
        let result = try await self.executor.query(
            .sts,
            action: "AssumeRoleWithWebIdentity",
            region: self.region,
            input: request,
            credentials: nil
        )
        return try AssumeRoleResponse(xml: result, operation: "AssumeRoleWithWebIdentity")
    }

    private func call(_ action: String, _ input: some QueryEncodable) async throws -> XMLNode {
        try await self.executor.query(
            .sts,
            action: action,
            region: self.region,
            input: input,
            credentials: self.credentialProvider
        )
    }
}
