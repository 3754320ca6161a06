/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    public let name = "environment"
    private let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    public func credentials() async throws -> AWSCredentials? {
        guard let accessKeyId = AWSConfiguration.nonEmpty(self.environment["AWS_ACCESS_KEY_ID"]) else {
            return nil
        }
        guard let secret = AWSConfiguration.nonEmpty(self.environment["AWS_SECRET_ACCESS_KEY"]) else {
            throw AWSError.credentials("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is missing.")
        }
        return AWSCredentials(
            accessKeyId: accessKeyId,
            secretAccessKey: secret,
            sessionToken: AWSConfiguration.nonEmpty(self.environment["AWS_SESSION_TOKEN"])
        )
    }
}
