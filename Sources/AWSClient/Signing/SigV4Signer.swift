import Crypto
import Foundation

/// AWS Signature Version 4 for one region and service: a pure value whose only time input is the date
/// passed to each call, so identical inputs always give identical signatures.
///
/// The session token of temporary credentials is signed as `x-amz-security-token`. Paths get the non-S3
/// treatment: dot segments and empty segments removed, then every segment URI-encoded.
public struct SigV4Signer: Sendable {
    static let algorithm: StaticString = "AWS4-HMAC-SHA256"

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
        let token = self.credentials.sessionToken
        request.removeSignatureFields(includingSecurityToken: token != nil)
        request.headers.append(("X-Amz-Date", amzDate))
        if let token {
            request.headers.append(("X-Amz-Security-Token", token))
        }
        let signature = self.signature(for: request, amzDate: amzDate)
        request.headers.append(("Authorization", signature.authorization))
        return signature
    }

    /// Computes every signing stage of `request` as it is now. The request must already carry `x-amz-date`
    /// equal to `amzDate` and any session token.
    public func signature(for request: SigningRequest, amzDate: String) -> SigV4Signature {
        let scope = self.signingScope(dateStamp: Self.dateStamp(of: amzDate))
        let canonical = CanonicalRequest(request)
        let stringToSignCount =
            Self.algorithm.utf8CodeUnitCount + amzDate.utf8.count + scope.scope.count + 3 + 2 * SHA256.byteCount
        var stringToSignStart = 0
        var signature = ""
        var authorization = ""
        // Stages 1 and 2 go into one buffer and the digests stay on the stack, so with a cached key and the
        // root path a signature allocates only this buffer and the signature and Authorization strings.
        let stageBytes = [UInt8](unsafeUninitializedCapacity: canonical.capacity + stringToSignCount) { buffer, count in
            var writer = ByteWriter(buffer)
            let signedHeaders = canonical.write(to: &writer)
            stringToSignStart = writer.count
            Self.writeStringToSign(amzDate: amzDate, scope: scope, to: &writer)
            signature = Self.hexSignature(of: writer.bytes(stringToSignStart..<writer.count), key: scope.key)
            authorization = Self.authorization(
                scope: scope,
                signedHeaders: writer.bytes(signedHeaders),
                signature: signature
            )
            count = writer.count
        }
        return SigV4Signature(
            stageBytes: stageBytes,
            stringToSignStart: stringToSignStart,
            signature: signature,
            authorization: authorization,
            amzDate: amzDate
        )
    }

    /// Stage 2: appends the string to sign, which ends in the hash of the canonical request written before it.
    private static func writeStringToSign(amzDate: String, scope: SigningScope, to writer: inout ByteWriter) {
        let canonicalRequest = writer.bytes(0..<writer.count)
        writer.append(Self.algorithm)
        writer.append(UInt8(ascii: "\n"))
        writer.append(amzDate)
        writer.append(UInt8(ascii: "\n"))
        writer.append(scope.scope)
        writer.append(UInt8(ascii: "\n"))
        let hex = writer.extend(by: 2 * SHA256.byteCount)
        withUnsafeTemporaryAllocation(byteCount: SHA256.byteCount, alignment: 1) { digest in
            SHA256.hash(canonicalRequest, into: digest)
            Hex.write(UnsafeRawBufferPointer(digest), to: UnsafeMutableRawBufferPointer(hex))
        }
    }

    /// Stage 3: the lowercase hex HMAC of the string to sign under the derived key.
    private static func hexSignature(of stringToSign: UnsafeRawBufferPointer, key: HMACKey) -> String {
        withUnsafeTemporaryAllocation(byteCount: SHA256.byteCount, alignment: 1) { code in
            key.authenticationCode(for: stringToSign, into: code)
            return Hex.encode(UnsafeRawBufferPointer(code))
        }
    }

    /// Stage 4: `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
    private static func authorization(
        scope: SigningScope,
        signedHeaders: UnsafeRawBufferPointer,
        signature: String
    ) -> String {
        let separator: StaticString = ", Signature="
        let length =
            scope.authorizationPrefix.count + signedHeaders.count + separator.utf8CodeUnitCount + signature.utf8.count
        return String(unsafeUninitializedCapacity: length) { buffer in
            var writer = ByteWriter(buffer)
            writer.append(scope.authorizationPrefix)
            writer.append(signedHeaders)
            writer.append(separator)
            writer.append(signature)
            return writer.count
        }
    }

    /// Returns the first eight characters of `amzDate` (`YYYYMMDD`), without going through `Substring`.
    private static func dateStamp(of amzDate: String) -> String {
        var amzDate = amzDate
        return amzDate.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0.prefix(8)), as: UTF8.self) }
    }

    /// Returns the key, scope and Authorization prefix for `dateStamp`, from the cache when one is set.
    func signingScope(dateStamp: String) -> SigningScope {
        guard let cache = self.keyCache else {
            return SigningScope(
                accessKeyId: self.credentials.accessKeyId,
                secret: self.credentials.secretAccessKey,
                dateStamp: dateStamp,
                region: self.region,
                service: self.service
            )
        }
        return cache.scope(
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
