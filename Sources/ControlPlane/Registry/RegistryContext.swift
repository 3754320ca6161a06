import AWSClient
import Observability
import Synchronization

/// The registry the server manages: its source region and account, the IAM roles it assumes to act in
/// other accounts, and the shared AWS client. The source account comes from configuration or, when not
/// set, from STS GetCallerIdentity on first use.
public final class RegistryContext: Sendable {
    public let aws: AWSClient
    /// The region whose registry the server manages; nil until configured, and every AWS-backed
    /// operation then fails with `RegistryContextError.noSourceRegion`.
    public let configuredSourceRegion: String?
    /// IAM role ARN per account id, for registries outside the source account.
    public let rolesByAccount: [String: String]
    private let configuredAccount: String?
    private let resolvedAccount = Mutex<String?>(nil)

    public init(aws: AWSClient, sourceRegion: String?, sourceAccount: String?, rolesByAccount: [String: String] = [:]) {
        self.aws = aws
        self.configuredSourceRegion = sourceRegion
        self.configuredAccount = sourceAccount
        self.rolesByAccount = rolesByAccount
    }

    /// Returns the source region.
    ///
    /// - Throws: `RegistryContextError.noSourceRegion` when none is configured.
    public func sourceRegion() throws -> String {
        guard let region = self.configuredSourceRegion else {
            throw RegistryContextError.noSourceRegion
        }
        return region
    }

    /// Returns the source account id: the configured one, else the one STS reports, asked once and cached.
    ///
    /// - Throws: `AWSError` when STS cannot be reached or rejects the credentials.
    public func sourceAccount() async throws -> String {
        if let account = self.configuredAccount ?? self.resolvedAccount.withLock({ $0 }) {
            return account
        }
        let identity = try await self.aws.sts(region: try self.sourceRegion()).getCallerIdentity()
        self.resolvedAccount.withLock { $0 = identity.account }
        return identity.account
    }

    /// Returns the ECR API of `region` in `account` (default: the source account), calling through the
    /// account's role when it is not the source account.
    public func ecr(region: String? = nil, account: String? = nil) async throws -> ECR {
        let region = try region ?? self.sourceRegion()
        guard let account else {
            return self.aws.ecr(region: region)
        }
        let source = try await self.sourceAccount()
        if account == source {
            return self.aws.ecr(region: region)
        }
        guard let role = self.rolesByAccount[account] else {
            throw RegistryContextError.noRoleForAccount(account)
        }
        return self.aws.ecr(region: region, roleArn: role)
    }
}

/// A request the registry context cannot serve with its configuration.
public enum RegistryContextError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The account is neither the source account nor one with a configured role.
    case noRoleForAccount(String)
    /// No source region is configured.
    case noSourceRegion

    public var description: String {
        switch self {
        case .noRoleForAccount(let account):
            "No IAM role is configured for account \(account); add it with --account-role \(account)=ROLE_ARN."
        case .noSourceRegion:
            "No source region is configured; start the server with --source-region or set ECP_SOURCE_REGION or AWS_REGION."
        }
    }
}
