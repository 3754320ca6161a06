import Crypto
import Foundation

/// AWS Signature Version 4 for one region and service: a pure value whose only time input is the date
/// passed to each call, so identical inputs always give identical signatures.
///
/// The session token of temporary credentials is signed as `x-amz-security-token`. Paths get the non-S3
/// treatment: dot segments and empty segments removed, then every segment URI-encoded.
public struct SigV4Signer: Sendable {
    static let algorithm = "AWS4-HMAC-SHA256"

    public var credentials: AWSCredentials
    public var region: String
    /// The signing name of the service, such as `ecr` or `monitoring`.
    public var service: String
    /// Derived-key cache shared between signers; nil derives the key on every call.
    public var keyCache: SigningKeyCache?

    public init(credentials: AWSCredentials, region: String, service: String, keyCache: SigningKeyCache? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.keyCache = keyCache
    }

    /// Adds `x-amz-date`, `x-amz-security-token` (for temporary credentials) and `Authorization` to
    /// `request`, replacing earlier values of those fields.
    @discardableResult
    public func sign(_ request: inout SigningRequest, date: Date) -> SigV4Signature {
        let amzDate = AMZDate.timestamp(date)
        request.setHeader("X-Amz-Date", amzDate)
        if let token = self.credentials.sessionToken {
            request.setHeader("X-Amz-Security-Token", token)
        }
        request.headers.removeAll { SigningRequest.sameName($0.name, "Authorization") }
        let signature = self.signature(for: request, amzDate: amzDate)
        request.headers.append(("Authorization", signature.authorization))
        return signature
    }

    /// Computes every signing stage of `request` as it is now. The request must already carry `x-amz-date`
    /// equal to `amzDate` and any session token.
    public func signature(for request: SigningRequest, amzDate: String) -> SigV4Signature {
        let dateStamp = String(amzDate.prefix(8))
        var scope = dateStamp
        scope.reserveCapacity(64)
        scope += "/"
        scope += self.region
        scope += "/"
        scope += self.service
        scope += "/aws4_request"

        // Stage 1: canonical request.
        let canonical = CanonicalRequest(request)

        // Stage 2: string to sign, over the hash of the canonical request.
        var stringToSign: [UInt8] = []
        stringToSign.reserveCapacity(160)
        stringToSign.append(contentsOf: Self.algorithm.utf8)
        stringToSign.append(UInt8(ascii: "\n"))
        stringToSign.append(contentsOf: amzDate.utf8)
        stringToSign.append(UInt8(ascii: "\n"))
        stringToSign.append(contentsOf: scope.utf8)
        stringToSign.append(UInt8(ascii: "\n"))
        LowercaseHex.append(SHA256.hash(canonical.bytes), to: &stringToSign)

        // Stage 3: signature, with the key derived from the secret, date, region and service.
        let key = self.signingKey(dateStamp: dateStamp)
        let signature = LowercaseHex.string(key.authenticationCode(for: stringToSign))

        // Stage 4: Authorization header.
        var authorization = Self.algorithm
        authorization.reserveCapacity(200)
        authorization += " Credential="
        authorization += self.credentials.accessKeyId
        authorization += "/"
        authorization += scope
        authorization += ", SignedHeaders="
        authorization += String(decoding: canonical.signedHeaders, as: UTF8.self)
        authorization += ", Signature="
        authorization += signature
        return SigV4Signature(
            canonicalRequestBytes: canonical.bytes,
            stringToSignBytes: stringToSign,
            signature: signature,
            authorization: authorization,
            amzDate: amzDate
        )
    }

    /// Returns the derived signing key for `dateStamp`, from the cache when one is set.
    func signingKey(dateStamp: String) -> HMACKey {
        guard let cache = self.keyCache else {
            return HMACKey(
                Self.deriveKey(
                    secret: self.credentials.secretAccessKey,
                    dateStamp: dateStamp,
                    region: self.region,
                    service: self.service
                )
            )
        }
        return cache.key(
            secret: self.credentials.secretAccessKey,
            accessKeyId: self.credentials.accessKeyId,
            dateStamp: dateStamp,
            region: self.region,
            service: self.service
        )
    }

    /// Derives the signing key: HMAC chain over date stamp, region, service and `aws4_request`.
    static func deriveKey(secret: String, dateStamp: String, region: String, service: String) -> [UInt8] {
        let dateKey = HMACSHA256.authenticationCode(for: dateStamp, key: Array("AWS4\(secret)".utf8))
        let regionKey = HMACSHA256.authenticationCode(for: region, key: dateKey)
        let serviceKey = HMACSHA256.authenticationCode(for: service, key: regionKey)
        return HMACSHA256.authenticationCode(for: "aws4_request", key: serviceKey)
    }
}
