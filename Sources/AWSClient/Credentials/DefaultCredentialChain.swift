import Foundation

/// The SDKs' default provider chain, in their order: environment, shared files (profile), web identity,
/// container endpoint, EC2 instance metadata (IMDSv2).
enum DefaultCredentialChain {
    /// Returns the chain, not cached; ``AWSClient`` wraps it in ``CachingCredentialProvider``.
    static func providers(
        configuration: AWSConfiguration,
        executor: AWSCallExecutor,
        metadataTransport: any HTTPTransport
    ) -> [any CredentialProvider] {
        let environment = configuration.environment
        return [
            EnvironmentCredentialProvider(environment: environment),
            ProfileCredentialProvider(configuration: configuration, executor: executor, transport: metadataTransport),
            WebIdentityCredentialProvider(
                tokenFile: AWSConfiguration.nonEmpty(environment["AWS_WEB_IDENTITY_TOKEN_FILE"]),
                roleArn: AWSConfiguration.nonEmpty(environment["AWS_ROLE_ARN"]),
                sessionName: AWSConfiguration.nonEmpty(environment["AWS_ROLE_SESSION_NAME"]),
                executor: executor,
                region: configuration.region ?? "us-east-1"
            ),
            ContainerCredentialProvider(environment: environment, transport: metadataTransport),
            InstanceMetadataCredentialProvider(
                endpoint: configuration.instanceMetadataEndpoint,
                disabled: configuration.instanceMetadataDisabled,
                transport: metadataTransport
            ),
        ]
    }
}
