import CCrypto

/// SHA-256 as fetched from OpenSSL's default provider once per process.
///
/// `EVP_sha256()` makes every `EVP_Digest` and `HMAC` call look the implementation up again (OpenSSL 3's
/// implicit fetch), which is most of the cost of hashing a SigV4 canonical request. A fetched `EVP_MD`
/// is immutable and may be shared by all threads (OpenSSL 3 `EVP_MD_fetch` documentation).
struct DigestAlgorithm: @unchecked Sendable {
    let pointer: OpaquePointer

    static let sha256: DigestAlgorithm = {
        guard let fetched = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("EVP_MD_fetch(SHA256) failed: the OpenSSL default provider is not available")
        }
        return DigestAlgorithm(pointer: fetched)
    }()
}
