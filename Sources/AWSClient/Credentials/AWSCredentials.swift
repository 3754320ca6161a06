import Foundation

/// An access key pair, with the session token and expiry that temporary credentials carry.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    /// Session token of temporary credentials; SigV4 signs it as `x-amz-security-token`.
    public var sessionToken: String?
    /// Time after which temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Reports whether the credentials expire within `margin` of `date`.
    public func expires(within margin: TimeInterval, of date: Date) -> Bool {
        guard let expiration = self.expiration else {
            return false
        }
        return expiration.timeIntervalSince(date) <= margin
    }

    /// The access key id only, so printing credentials never shows the secret or the session token.
    public var description: String {
        "AWSCredentials(accessKeyId: \(self.accessKeyId), secretAccessKey: <redacted>)"
    }
}

extension AWSCredentials: Codable {}
