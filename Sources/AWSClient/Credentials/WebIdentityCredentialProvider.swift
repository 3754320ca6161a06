import Foundation

/// Credentials from STS AssumeRoleWithWebIdentity with the OIDC token in a file, as on EKS:
/// `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and optionally `AWS_ROLE_SESSION_NAME`, or the profile's
/// `web_identity_token_file`, `role_arn` and `role_session_name`.
///
/// The token file is read again on every refresh because the platform rotates it.
public struct WebIdentityCredentialProvider: CredentialProvider {
    public let name = "web identity"
    let tokenFile: String?
    let roleArn: String?
    let sessionName: String
    let sts: STS

    init(tokenFile: String?, roleArn: String?, sessionName: String?, executor: AWSCallExecutor, region: String) {
        self.tokenFile = tokenFile
        self.roleArn = roleArn
        self.sessionName = sessionName ?? "ecr-control-plane-\(Int(Date().timeIntervalSince1970))"
        self.sts = STS(executor: executor, region: region, credentialProvider: nil)
    }

    public func credentials() async throws -> AWSCredentials? {
        guard let tokenFile = self.tokenFile else {
            return nil
        }
        guard let roleArn = self.roleArn else {
            throw AWSError.credentials("A web identity token file is set but no role ARN; set AWS_ROLE_ARN.")
        }
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw AWSError.credentials("The web identity token file \(tokenFile) cannot be read.")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let request = AssumeRoleWithWebIdentityRequest(
            roleArn: roleArn,
            roleSessionName: self.sessionName,
            webIdentityToken: token
        )
        return try await self.sts.assumeRoleWithWebIdentity(request).credentials
    }
}
