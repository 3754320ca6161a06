/// A source of AWS credentials.
public protocol CredentialProvider: Sendable {
    /// A short name for errors and logs, such as `environment` or `instance metadata`.
    var name: String { get }

    /// Returns credentials, or nil when this source is not configured so a chain tries the next one.
    /// - Throws: ``AWSError`` when the source is configured but fails, for example an STS call is rejected.
    func credentials() async throws -> AWSCredentials?
}

/// Fixed credentials, for tests, tools and callers that hold keys from elsewhere.
public struct StaticCredentialProvider: CredentialProvider {
    public let name = "static"
    private let value: AWSCredentials

    public init(_ credentials: AWSCredentials) {
        self.value = credentials
    }

    public func credentials() async throws -> AWSCredentials? {
        self.value
    }
}
