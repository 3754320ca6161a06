import Foundation
import Observability

/// The input of GetCallerIdentity, which has no fields.
public struct GetCallerIdentityRequest: QueryEncodable, Codable, Equatable {
    public init() {}

    public func encode(into parameters: inout QueryParameters) {}
}

public struct GetCallerIdentityResponse: Codable, Sendable, Equatable {
    public var account: String
    public var arn: String
    public var userId: String

    public init(account: String, arn: String, userId: String) {
        self.account = account
        self.arn = arn
        self.userId = userId
    }

    init(xml: XMLNode) {
        self.account = xml.string("Account") ?? ""
        self.arn = xml.string("Arn") ?? ""
        self.userId = xml.string("UserId") ?? ""
    }
}

public struct AssumeRoleRequest: QueryEncodable, Codable, Equatable {
    public var roleArn: String
    public var roleSessionName: String
    /// Lifetime of the credentials in seconds (900 to the role's maximum; STS defaults to 3600).
    public var durationSeconds: Int?
    public var externalId: String?
    /// An inline session policy that narrows the role's permissions.
    public var policy: String?

    public init(
        roleArn: String,
        roleSessionName: String,
        durationSeconds: Int? = nil,
        externalId: String? = nil,
        policy: String? = nil
    ) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName
        self.durationSeconds = durationSeconds
        self.externalId = externalId
        self.policy = policy
    }

    public func encode(into parameters: inout QueryParameters) {
        parameters.add("RoleArn", self.roleArn)
        parameters.add("RoleSessionName", self.roleSessionName)
        parameters.add("DurationSeconds", self.durationSeconds)
        parameters.add("ExternalId", self.externalId)
        parameters.add("Policy", self.policy)
    }
}

public struct AssumeRoleWithWebIdentityRequest: QueryEncodable, Codable, Equatable {
    public var roleArn: String
    public var roleSessionName: String
    public var webIdentityToken: String
    public var durationSeconds: Int?
    public var providerId: String?

    public init(
        roleArn: String,
        roleSessionName: String,
        webIdentityToken: String,
        durationSeconds: Int? = nil,
        providerId: String? = nil
    ) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName
        self.webIdentityToken = webIdentityToken
        self.durationSeconds = durationSeconds
        self.providerId = providerId
    }

    public func encode(into parameters: inout QueryParameters) {
        parameters.add("RoleArn", self.roleArn)
        parameters.add("RoleSessionName", self.roleSessionName)
        parameters.add("WebIdentityToken", self.webIdentityToken)
        parameters.add("DurationSeconds", self.durationSeconds)
        parameters.add("ProviderId", self.providerId)
    }
}

/// The output of AssumeRole and AssumeRoleWithWebIdentity.
public struct AssumeRoleResponse: Codable, Sendable, Equatable {
    public var credentials: AWSCredentials
    /// The ARN of the assumed-role session, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    public var assumedRoleArn: String
    public var assumedRoleId: String

    public init(credentials: AWSCredentials, assumedRoleArn: String, assumedRoleId: String) {
        self.credentials = credentials
        self.assumedRoleArn = assumedRoleArn
        self.assumedRoleId = assumedRoleId
    }

    init(xml: XMLNode, operation: String) throws {
        guard let node = xml.child("Credentials"), let accessKeyId = node.string("AccessKeyId"),
            let secret = node.string("SecretAccessKey")
        else {
            throw AWSError(
                kind: .invalidResponse,
                code: "InvalidResponse",
                message: "The STS \(operation) response has no Credentials element.",
                service: "STS",
                operation: operation
            )
        }
        self.credentials = AWSCredentials(
            accessKeyId: accessKeyId,
            secretAccessKey: secret,
            sessionToken: node.string("SessionToken"),
            expiration: node.string("Expiration").flatMap(RFC3339.date(from:))
        )
        self.assumedRoleArn = xml.child("AssumedRoleUser")?.string("Arn") ?? ""
        self.assumedRoleId = xml.child("AssumedRoleUser")?.string("AssumedRoleId") ?? ""
    }
}
