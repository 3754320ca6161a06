import Foundation
import Observability

/// Credentials from the ECS/EKS container credential endpoint.
///
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is a path on the ECS agent at `169.254.170.2`;
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` is a whole URL, accepted over plain HTTP only for loopback hosts and
/// the ECS and EKS agent addresses. The authorization token comes from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`
/// (read on every call) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
public struct ContainerCredentialProvider: CredentialProvider {
    public let name = "container"
    let environment: [String: String]
    let transport: any HTTPTransport

    static let ecsAgentHost = "169.254.170.2"
    static let allowedPlainHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "169.254.170.2", "169.254.170.23"]

    init(environment: [String: String], transport: any HTTPTransport) {
        self.environment = environment
        self.transport = transport
    }

    /// Returns the credential URL from the environment, nil when neither variable is set.
    /// - Throws: ``AWSError`` when the full URI is malformed or plain HTTP to a host outside the allowed set.
    func endpointURL() throws -> URL? {
        if let relative = AWSConfiguration.nonEmpty(self.environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]) {
            return URL(string: "http://\(Self.ecsAgentHost)\(relative)")
        }
        guard let full = AWSConfiguration.nonEmpty(self.environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"]) else {
            return nil
        }
        guard let url = URL(string: full), let host = url.host else {
            throw AWSError.credentials("AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL: \(full)")
        }
        let bareHost = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard url.scheme == "https" || Self.allowedPlainHosts.contains(bareHost) else {
            throw AWSError.credentials(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https or a loopback or container agent host: \(full)"
            )
        }
        return url
    }

    public func credentials() async throws -> AWSCredentials? {
        guard let url = try self.endpointURL() else {
            return nil
        }
        var request = HTTPRequest(method: "GET", url: url, headers: [("Accept", "application/json")])
        if let token = try self.authorizationToken() {
            request.headers.append(("Authorization", token))
        }
        let response = try await self.transport.send(request)
        guard response.statusCode == 200 else {
            throw AWSError.credentials("The container credential endpoint returned HTTP \(response.statusCode).")
        }
        return try MetadataCredentials.decode(response.body, source: "container credential endpoint")
    }

    private func authorizationToken() throws -> String? {
        if let path = AWSConfiguration.nonEmpty(self.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw AWSError.credentials("The container authorization token file \(path) cannot be read.")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return AWSConfiguration.nonEmpty(self.environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"])
    }
}

/// The JSON credential document of the container endpoint and of instance metadata.
struct MetadataCredentials: Decodable {
    var code: String?
    var accessKeyId: String
    var secretAccessKey: String
    var token: String?
    var expiration: String?

    enum CodingKeys: String, CodingKey {
        case code = "Code"
        case accessKeyId = "AccessKeyId"
        case secretAccessKey = "SecretAccessKey"
        case token = "Token"
        case expiration = "Expiration"
    }

    static func decode(_ body: [UInt8], source: String) throws -> AWSCredentials {
        guard let document = try? JSONDecoder().decode(MetadataCredentials.self, from: Data(body)) else {
            throw AWSError.credentials("The \(source) returned a document without credentials.")
        }
        if let code = document.code, code != "Success" {
            throw AWSError.credentials("The \(source) returned code \(code) instead of Success.")
        }
        return AWSCredentials(
            accessKeyId: document.accessKeyId,
            secretAccessKey: document.secretAccessKey,
            sessionToken: document.token,
            expiration: document.expiration.flatMap(RFC3339.date(from:))
        )
    }
}
