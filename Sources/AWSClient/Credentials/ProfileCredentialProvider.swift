import Foundation

/// Credentials from the shared files for one profile: static keys, or `role_arn` assumed with the
/// credentials of `source_profile` (followed recursively) or of `credential_source` (`Environment`,
/// `EcsContainer`, `Ec2InstanceMetadata`), or `role_arn` with `web_identity_token_file`.
///
/// Settings of the credentials file win over those of the config file for the same profile.
public struct ProfileCredentialProvider: CredentialProvider {
    public var name: String { "profile \(self.profile)" }
    let profile: String
    let configuration: AWSConfiguration
    let executor: AWSCallExecutor
    let transport: any HTTPTransport

    init(configuration: AWSConfiguration, executor: AWSCallExecutor, transport: any HTTPTransport) {
        self.profile = configuration.profile
        self.configuration = configuration
        self.executor = executor
        self.transport = transport
    }

    public func credentials() async throws -> AWSCredentials? {
        let profiles = self.loadProfiles()
        guard profiles[self.profile] != nil else {
            if self.configuration.environment["AWS_PROFILE"] != nil && !profiles.isEmpty {
                throw AWSError.credentials("The profile \(self.profile) set by AWS_PROFILE is not in the shared files.")
            }
            return nil
        }
        return try await self.resolve(self.profile, profiles: profiles, visited: [])
    }

    /// Merges both files' settings per profile name.
    func loadProfiles() -> [String: [String: String]] {
        var merged = ProfileFile.load(path: self.configuration.configFilePath, isConfigFile: true)?.profiles ?? [:]
        let credentials = ProfileFile.load(path: self.configuration.credentialsFilePath, isConfigFile: false)
        for (name, settings) in credentials?.profiles ?? [:] {
            merged[name, default: [:]].merge(settings) { _, fromCredentialsFile in fromCredentialsFile }
        }
        return merged
    }

    private func resolve(
        _ name: String,
        profiles: [String: [String: String]],
        visited: Set<String>
    ) async throws -> AWSCredentials? {
        guard let settings = profiles[name] else {
            throw AWSError.credentials("The source profile \(name) is not in the shared files.")
        }
        guard let roleArn = settings["role_arn"] else {
            return try Self.staticCredentials(settings, profile: name)
        }
        if settings["web_identity_token_file"] != nil {
            return try await self.webIdentity(settings, roleArn: roleArn).credentials()
        }
        let source = try await self.sourceCredentials(name, settings: settings, profiles: profiles, visited: visited)
        let request = AssumeRoleRequest(
            roleArn: roleArn,
            roleSessionName: settings["role_session_name"] ?? "ecr-control-plane-\(Int(Date().timeIntervalSince1970))",
            durationSeconds: settings["duration_seconds"].flatMap { Int($0) },
            externalId: settings["external_id"]
        )
        let provider = AssumeRoleCredentialProvider(
            request: request,
            source: StaticCredentialProvider(source),
            executor: self.executor,
            region: settings["region"] ?? self.configuration.region ?? "us-east-1"
        )
        return try await provider.credentials()
    }

    /// Returns the credentials that assume the role of profile `name`.
    private func sourceCredentials(
        _ name: String,
        settings: [String: String],
        profiles: [String: [String: String]],
        visited: Set<String>
    ) async throws -> AWSCredentials {
        if let sourceProfile = settings["source_profile"] {
            if sourceProfile == name {
                // A profile may name itself as source to assume its role with its own static keys.
                return try Self.staticCredentials(settings, profile: name)
                    ?? { throw AWSError.credentials("The profile \(name) names itself as source without keys.") }()
            }
            guard !visited.contains(sourceProfile) else {
                throw AWSError.credentials("The source_profile settings of \(name) form a cycle.")
            }
            let resolved = try await self.resolve(sourceProfile, profiles: profiles, visited: visited.union([name]))
            guard let resolved else {
                throw AWSError.credentials("The source profile \(sourceProfile) has no credentials.")
            }
            return resolved
        }
        guard let source = settings["credential_source"] else {
            throw AWSError.credentials(
                "The profile \(name) has role_arn but neither source_profile nor credential_source."
            )
        }
        let provider = try self.credentialSource(source)
        guard let credentials = try await provider.credentials() else {
            throw AWSError.credentials("The credential_source \(source) of profile \(name) returned no credentials.")
        }
        return credentials
    }

    private func credentialSource(_ source: String) throws -> any CredentialProvider {
        switch source {
        case "Environment":
            return EnvironmentCredentialProvider(environment: self.configuration.environment)
        case "EcsContainer":
            return ContainerCredentialProvider(environment: self.configuration.environment, transport: self.transport)
        case "Ec2InstanceMetadata":
            return InstanceMetadataCredentialProvider(
                endpoint: self.configuration.instanceMetadataEndpoint,
                disabled: self.configuration.instanceMetadataDisabled,
                transport: self.transport
            )
        default:
            throw AWSError.credentials(
                "The credential_source \(source) is not supported; use Environment, EcsContainer or Ec2InstanceMetadata."
            )
        }
    }

    private func webIdentity(_ settings: [String: String], roleArn: String) -> WebIdentityCredentialProvider {
        WebIdentityCredentialProvider(
            tokenFile: settings["web_identity_token_file"],
            roleArn: roleArn,
            sessionName: settings["role_session_name"],
            executor: self.executor,
            region: settings["region"] ?? self.configuration.region ?? "us-east-1"
        )
    }

    private static func staticCredentials(_ settings: [String: String], profile: String) throws -> AWSCredentials? {
        guard let accessKeyId = settings["aws_access_key_id"] else {
            return nil
        }
        guard let secret = settings["aws_secret_access_key"] else {
            throw AWSError.credentials("The profile \(profile) has aws_access_key_id but no aws_secret_access_key.")
        }
        return AWSCredentials(
            accessKeyId: accessKeyId,
            secretAccessKey: secret,
            sessionToken: settings["aws_session_token"]
        )
    }
}
