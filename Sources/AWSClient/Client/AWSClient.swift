import Foundation
import Observability
import Synchronization

/// The one AWS client of the process: signs, sends and retries every call, and hands out typed service
/// facades per region and, optionally, per assumed role.
///
/// The client is Sendable and meant to be shared. Credentials come from the default chain (environment,
/// shared files, web identity, container, instance metadata) unless a provider is passed, and are cached
/// and refreshed before expiry with one refresh at a time.
public final class AWSClient: Sendable {
    public let configuration: AWSConfiguration
    /// The provider behind every call that names no role.
    public let credentialProvider: any CredentialProvider
    let executor: AWSCallExecutor
    private let assumedRoles = Mutex<[String: CachingCredentialProvider]>([:])

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: settings, usually `AWSConfiguration()` read from the process environment.
    ///   - logger: receives one debug event per call and trace events per retry.
    ///   - metrics: receives `aws_calls_total`, `aws_errors_total`, `aws_retries_total` and
    ///     `aws_call_duration_seconds`; nil records nothing.
    ///   - credentialProvider: replaces the default chain when given.
    ///   - transport: replaces URLSession, for tests.
    ///   - environment: clock, sleep and jitter source of the retry loop, for tests.
    public init(
        configuration: AWSConfiguration,
        logger: Logger = .disabled,
        metrics: MetricsRegistry? = nil,
        credentialProvider: (any CredentialProvider)? = nil,
        transport: (any HTTPTransport)? = nil,
        environment: RetryEnvironment = .live
    ) {
        self.configuration = configuration
        let transport =
            transport
            ?? URLSessionTransport(
                connectTimeout: configuration.connectTimeout,
                requestTimeout: configuration.requestTimeout
            )
        self.executor = AWSCallExecutor(
            configuration: configuration,
            transport: transport,
            environment: environment,
            logger: logger.labelled("aws"),
            metrics: metrics
        )
        if let credentialProvider {
            self.credentialProvider = credentialProvider
        } else {
            // Metadata endpoints respond within a second when present, so waiting longer only delays startup.
            let metadataTransport = URLSessionTransport(connectTimeout: 1, requestTimeout: 3)
            let chain = CredentialProviderChain(
                DefaultCredentialChain.providers(
                    configuration: configuration,
                    executor: self.executor,
                    metadataTransport: metadataTransport
                )
            )
            self.credentialProvider = CachingCredentialProvider(
                chain,
                refreshMargin: configuration.credentialRefreshMargin,
                now: environment.now
            )
        }
    }

    /// Returns a cached provider of the credentials of `roleArn`, assumed through STS with the client's own
    /// credentials. The same role always returns the same provider, so its credentials are shared and
    /// refreshed once for every caller.
    /// - Parameters:
    ///   - roleArn: the role to assume, for example `arn:aws:iam::123456789012:role/ecr-replication`.
    ///   - sessionName: the role session name recorded in CloudTrail.
    ///   - externalId: the external id the role's trust policy requires, if any.
    public func credentialProvider(
        assumingRole roleArn: String,
        sessionName: String = "ecr-control-plane",
        externalId: String? = nil
    ) -> any CredentialProvider {
        let key = "\(roleArn)|\(sessionName)|\(externalId ?? "")"
        return self.assumedRoles.withLock { roles in
            if let existing = roles[key] {
                return existing
            }
            let region = self.configuration.sourceRegion ?? self.configuration.region ?? "us-east-1"
            let provider = CachingCredentialProvider(
                AssumeRoleCredentialProvider(
                    request: AssumeRoleRequest(roleArn: roleArn, roleSessionName: sessionName, externalId: externalId),
                    source: self.credentialProvider,
                    executor: self.executor,
                    region: region
                ),
                refreshMargin: self.configuration.credentialRefreshMargin,
                now: self.executor.environment.now
            )
            roles[key] = provider
            return provider
        }
    }

    /// Returns the credentials provider for a call: the role's when `roleArn` is set, else the client's.
    func provider(roleArn: String?) -> any CredentialProvider {
        guard let roleArn else {
            return self.credentialProvider
        }
        return self.credentialProvider(assumingRole: roleArn)
    }

    /// Returns the region for a facade: `region` when set, else the configured region, else `us-east-1`.
    func region(_ region: String?) -> String {
        region ?? self.configuration.region ?? "us-east-1"
    }
}

extension AWSClient {
    /// Returns the ECR API of `region` (default: the configured region), calling as `roleArn` when set.
    public func ecr(region: String? = nil, roleArn: String? = nil) -> ECR {
        ECR(executor: self.executor, region: self.region(region), credentialProvider: self.provider(roleArn: roleArn))
    }

    /// Returns the CloudWatch API of `region`, calling as `roleArn` when set.
    public func cloudWatch(region: String? = nil, roleArn: String? = nil) -> CloudWatch {
        CloudWatch(
            executor: self.executor,
            region: self.region(region),
            credentialProvider: self.provider(roleArn: roleArn)
        )
    }

    /// Returns the SNS API of `region`, calling as `roleArn` when set.
    public func sns(region: String? = nil, roleArn: String? = nil) -> SNS {
        SNS(executor: self.executor, region: self.region(region), credentialProvider: self.provider(roleArn: roleArn))
    }

    /// Returns the STS API of `region`, calling as `roleArn` when set.
    public func sts(region: String? = nil, roleArn: String? = nil) -> STS {
        STS(executor: self.executor, region: self.region(region), credentialProvider: self.provider(roleArn: roleArn))
    }

    /// Returns the EventBridge API of `region`, calling as `roleArn` when set.
    public func eventBridge(region: String? = nil, roleArn: String? = nil) -> EventBridge {
        EventBridge(
            executor: self.executor,
            region: self.region(region),
            credentialProvider: self.provider(roleArn: roleArn)
        )
    }
}
