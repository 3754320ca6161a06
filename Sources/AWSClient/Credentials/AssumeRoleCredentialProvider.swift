import Foundation

/// Temporary credentials of a role, from STS AssumeRole signed with another provider's credentials.
///
/// Wrap it in ``CachingCredentialProvider`` (``AWSClient/credentialProvider(assumingRole:sessionName:externalId:)``
/// does) so the role is assumed once per credential lifetime.
public struct AssumeRoleCredentialProvider: CredentialProvider {
    public var name: String { "assume role \(self.request.roleArn)" }
    let request: AssumeRoleRequest
    let source: any CredentialProvider
    let sts: STS

    init(request: AssumeRoleRequest, source: any CredentialProvider, executor: AWSCallExecutor, region: String) {
        self.request = request
        self.source = source
        self.sts = STS(executor: executor, region: region, credentialProvider: source)
    }

    public func credentials() async throws -> AWSCredentials? {
        try await self.sts.assumeRole(self.request).credentials
    }
}
