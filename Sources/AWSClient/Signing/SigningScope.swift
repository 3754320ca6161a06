import Crypto

/// The values that every signature of one SigV4 credential scope (access key, UTC day, region, service)
/// shares: the derived signing key, the scope text of the string to sign, and the start of the
/// Authorization value.
///
/// A class, so the key cache hands out one reference instead of copying six strings per call.
final class SigningScope: Sendable {
    let accessKeyId: String
    let secret: String
    let dateStamp: String
    let region: String
    let service: String
    let key: HMACKey
    /// `<date stamp>/<region>/<service>/aws4_request`
    let scope: [UInt8]
    /// `AWS4-HMAC-SHA256 Credential=<access key id>/<scope>, SignedHeaders=`
    let authorizationPrefix: [UInt8]

    init(accessKeyId: String, secret: String, dateStamp: String, region: String, service: String) {
        self.accessKeyId = accessKeyId
        self.secret = secret
        self.dateStamp = dateStamp
        self.region = region
        self.service = service
        self.key = HMACKey(
            SigV4Signer.deriveKey(secret: secret, dateStamp: dateStamp, region: region, service: service)
        )
        let scope = "\(dateStamp)/\(region)/\(service)/aws4_request"
        self.scope = Array(scope.utf8)
        self.authorizationPrefix = Array(
            "\(SigV4Signer.algorithm) Credential=\(accessKeyId)/\(scope), SignedHeaders=".utf8
        )
    }

    /// Reports whether this scope was derived from exactly these inputs.
    func matches(accessKeyId: String, secret: String, dateStamp: String, region: String, service: String) -> Bool {
        self.dateStamp == dateStamp && self.accessKeyId == accessKeyId && self.region == region
            && self.service == service && self.secret == secret
    }
}
