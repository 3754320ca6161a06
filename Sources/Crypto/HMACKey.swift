import CCrypto

/// An HMAC-SHA256 key with both padded key blocks already hashed, for a key that signs many messages,
/// such as a SigV4 signing key that is valid for a whole day.
///
/// Each `authenticationCode(for:)` copies the two prepared digest states instead of building the pads
/// and hashing them again. `@unchecked Sendable`: the prepared contexts are only read (copied), which
/// OpenSSL allows from several threads at once, and freed in `deinit`.
public final class HMACKey: @unchecked Sendable {
    private let inner: OpaquePointer
    private let outer: OpaquePointer

    /// The key bytes, kept so callers that need the raw key (tests, key derivation) can read it.
    public let bytes: [UInt8]

    public init(_ key: [UInt8]) {
        self.bytes = key
        var block = key.count > 64 ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        self.inner = Self.prepared(block.map { $0 ^ 0x36 })
        self.outer = Self.prepared(block.map { $0 ^ 0x5C })
    }

    deinit {
        EVP_MD_CTX_free(self.inner)
        EVP_MD_CTX_free(self.outer)
    }

    /// Returns HMAC-SHA256 of `message` under this key; equal to `HMACSHA256.authenticationCode`.
    public func authenticationCode(for message: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: SHA256.byteCount) { output, count in
            message.withUnsafeBytes { self.authenticationCode(for: $0, into: UnsafeMutableRawBufferPointer(output)) }
            count = SHA256.byteCount
        }
    }

    /// Writes HMAC-SHA256 of `message` under this key to the first `SHA256.byteCount` bytes of `output`,
    /// so a caller that signs once per request can keep the code on the stack.
    public func authenticationCode(for message: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= SHA256.byteCount, "the HMAC output buffer is too small")
        guard let context = EVP_MD_CTX_new() else {
            fatalError("EVP_MD_CTX_new failed: out of memory")
        }
        defer { EVP_MD_CTX_free(context) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: SHA256.byteCount) { innerDigest in
            var length: UInt32 = 0
            let ok =
                EVP_MD_CTX_copy_ex(context, self.inner) == 1
                && EVP_DigestUpdate(context, message.baseAddress, message.count) == 1
                && EVP_DigestFinal_ex(context, innerDigest.baseAddress, &length) == 1
                && EVP_MD_CTX_copy_ex(context, self.outer) == 1
                && EVP_DigestUpdate(context, innerDigest.baseAddress, innerDigest.count) == 1
                && EVP_DigestFinal_ex(context, output.baseAddress?.assumingMemoryBound(to: UInt8.self), &length) == 1
            precondition(ok, "SHA-256 inside HMAC failed")
        }
    }

    private static func prepared(_ pad: [UInt8]) -> OpaquePointer {
        guard let context = EVP_MD_CTX_new() else {
            fatalError("EVP_MD_CTX_new failed: out of memory")
        }
        let ok =
            EVP_DigestInit_ex2(context, DigestAlgorithm.sha256.pointer, nil) == 1
            && EVP_DigestUpdate(context, pad, pad.count) == 1
        precondition(ok, "SHA-256 of the HMAC pad failed")
        return context
    }
}
