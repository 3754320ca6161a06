import Foundation

/// Settings of the AWS client, read from the standard AWS environment variables and shared files.
///
/// Every field has a default, so tests build one from a dictionary with ``init(environment:)`` and adjust
/// what they need.
public struct AWSConfiguration: Sendable {
    /// The variables the configuration was read from; credential providers read theirs from here too.
    public var environment: [String: String]
    /// The default region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`.
    public var region: String?
    /// The region whose registry the server manages: `ECP_SOURCE_REGION`, else ``region``.
    public var sourceRegion: String?
    /// The profile name: `AWS_PROFILE`, else `default`.
    public var profile: String
    /// Paths of the shared config and credentials files.
    public var configFilePath: String
    public var credentialsFilePath: String
    public var endpoints: EndpointResolver
    /// Attempts per call, the first included: `AWS_MAX_ATTEMPTS`, else the profile's `max_attempts`, else 3.
    public var maxAttempts: Int
    /// True when `AWS_EC2_METADATA_DISABLED=true`: the chain never contacts instance metadata.
    public var instanceMetadataDisabled: Bool
    /// The instance metadata endpoint: `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else the link-local default.
    public var instanceMetadataEndpoint: URL
    /// Seconds to wait for a connection or for the next bytes of a response, then for a whole request.
    /// URLSession cannot time the connection alone, so the first also bounds a slow response. It is long
    /// enough that a busy endpoint is not retried, because a retried CreateRepository or PutMetricData
    /// that AWS already applied fails or counts twice.
    public var connectTimeout: TimeInterval
    public var requestTimeout: TimeInterval
    /// Seconds before expiry at which temporary credentials are refreshed.
    public var credentialRefreshMargin: TimeInterval

    /// Reads the configuration from `environment` and the shared files it points to.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        let home = environment["HOME"] ?? NSHomeDirectory()
        self.profile = Self.nonEmpty(environment["AWS_PROFILE"]) ?? "default"
        self.configFilePath = Self.expandingTilde(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config", home: home)
        self.credentialsFilePath = Self.expandingTilde(
            environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials",
            home: home
        )
        let profileSettings =
            ProfileFile.load(path: self.configFilePath, isConfigFile: true)?
            .settings(of: self.profile) ?? [:]

        self.region =
            Self.nonEmpty(environment["AWS_REGION"]) ?? Self.nonEmpty(environment["AWS_DEFAULT_REGION"])
            ?? Self.nonEmpty(profileSettings["region"])
        self.sourceRegion = Self.nonEmpty(environment["ECP_SOURCE_REGION"]) ?? self.region
        self.endpoints = Self.endpointResolver(environment: environment, profileSettings: profileSettings)
        let attempts = Int(environment["AWS_MAX_ATTEMPTS"] ?? profileSettings["max_attempts"] ?? "") ?? 3
        self.maxAttempts = max(1, attempts)
        self.instanceMetadataDisabled = environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true"
        self.instanceMetadataEndpoint =
            Self.nonEmpty(environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"]).flatMap(URL.init(string:))
            ?? URL(string: "http://169.254.169.254")!
        self.connectTimeout = 20
        self.requestTimeout = 60
        self.credentialRefreshMargin = 300
    }

    /// Returns the region to use for a call: `region` when given, else the configured one.
    /// - Throws: ``AWSError`` of kind `.configuration` when neither is set.
    public func resolveRegion(_ region: String?) throws -> String {
        guard let resolved = region ?? self.region else {
            throw AWSError.configuration("No AWS region is set; set AWS_REGION or pass a region.")
        }
        return resolved
    }

    private static func endpointResolver(environment: [String: String], profileSettings: [String: String])
        -> EndpointResolver
    {
        if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true" {
            return EndpointResolver()
        }
        var services: [String: URL] = [:]
        let prefix = "AWS_ENDPOINT_URL_"
        for (name, value) in environment where name.hasPrefix(prefix) {
            if let url = nonEmpty(value).flatMap(URL.init(string:)) {
                services[String(name.dropFirst(prefix.count))] = url
            }
        }
        let global =
            nonEmpty(environment["AWS_ENDPOINT_URL"]).flatMap(URL.init(string:))
            ?? nonEmpty(profileSettings["endpoint_url"]).flatMap(URL.init(string:))
        return EndpointResolver(serviceEndpoints: services, globalEndpoint: global)
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else {
            return nil
        }
        return value
    }

    static func expandingTilde(_ path: String, home: String) -> String {
        if path == "~" {
            return home
        }
        if path.hasPrefix("~/") {
            return home + path.dropFirst(1)
        }
        return path
    }
}
