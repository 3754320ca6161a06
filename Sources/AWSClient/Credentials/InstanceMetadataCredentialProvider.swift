import Foundation

/// Credentials of the EC2 instance role through IMDSv2: a session token from `PUT /latest/api/token`, then
/// the role name and its credentials under `/latest/meta-data/iam/security-credentials/`.
///
/// Returns nil (not configured) when `AWS_EC2_METADATA_DISABLED=true`, when the endpoint cannot be reached,
/// or when the instance has no role, so the chain ends with "no credentials" off EC2.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    public let name = "instance metadata"
    let endpoint: URL
    let disabled: Bool
    let transport: any HTTPTransport

    static let tokenTTLSeconds = 21_600
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

    init(endpoint: URL, disabled: Bool, transport: any HTTPTransport) {
        self.endpoint = endpoint
        self.disabled = disabled
        self.transport = transport
    }

    public func credentials() async throws -> AWSCredentials? {
        guard !self.disabled else {
            return nil
        }
        do {
            let token = try await self.sessionToken()
            guard let role = try await self.roleName(token: token) else {
                return nil
            }
            let body = try await self.get(Self.credentialsPath + role, token: token)
            return try MetadataCredentials.decode(body, source: "instance metadata service")
        } catch let error as AWSError where error.isTransportError {
            return nil
        }
    }

    private func sessionToken() async throws -> String {
        let request = HTTPRequest(
            method: "PUT",
            url: self.url("/latest/api/token"),
            headers: [("X-aws-ec2-metadata-token-ttl-seconds", String(Self.tokenTTLSeconds))]
        )
        let response = try await self.transport.send(request)
        guard response.statusCode == 200 else {
            throw AWSError.credentials("The instance metadata token request returned HTTP \(response.statusCode).")
        }
        return String(decoding: response.body, as: UTF8.self)
    }

    private func roleName(token: String) async throws -> String? {
        let body = try await self.get(Self.credentialsPath, token: token, allowNotFound: true)
        let name = String(decoding: body, as: UTF8.self).split(whereSeparator: \.isNewline).first
        return name.map(String.init)
    }

    private func get(_ path: String, token: String, allowNotFound: Bool = false) async throws -> [UInt8] {
        let request = HTTPRequest(
            method: "GET",
            url: self.url(path),
            headers: [("X-aws-ec2-metadata-token", token)]
        )
        let response = try await self.transport.send(request)
        if allowNotFound && response.statusCode == 404 {
            return []
        }
        guard response.statusCode == 200 else {
            throw AWSError.credentials(
                "The instance metadata request for \(path) returned HTTP \(response.statusCode)."
            )
        }
        return response.body
    }

    private func url(_ path: String) -> URL {
        var base = self.endpoint.absoluteString
        while base.hasSuffix("/") {
            base.removeLast()
        }
        return URL(string: base + path)!
    }
}
