import CCrypto
import Foundation

/// HMAC-SHA256 (RFC 2104) over the pre-fetched SHA-256 of `DigestAlgorithm`.
///
/// OpenSSL's one-shot `HMAC()` fetches the digest and builds a MAC context on every call; SigV4 makes five
/// HMACs per signature, so the construction is written out here: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message)).
public enum HMACSHA256 {
    private static let blockSize = 64

    /// Returns HMAC-SHA256 of `message` under `key`.
    public static func authenticationCode<Key: ContiguousBytes, Message: ContiguousBytes>(
        for message: Message,
        key: Key
    ) -> [UInt8] {
        var block = key.withUnsafeBytes { Array($0) }
        if block.count > self.blockSize {
            block = SHA256.hash(block)
        }
        block += [UInt8](repeating: 0, count: self.blockSize - block.count)
        let innerPad = block.map { $0 ^ 0x36 }
        let outerPad = block.map { $0 ^ 0x5C }

        guard let context = EVP_MD_CTX_new() else {
            fatalError("EVP_MD_CTX_new failed: out of memory")
        }
        defer { EVP_MD_CTX_free(context) }
        let inner = message.withUnsafeBytes { messageBytes in
            Self.digest(context, innerPad, messageBytes)
        }
        return inner.withUnsafeBytes { innerBytes in
            Self.digest(context, outerPad, innerBytes)
        }
    }

    /// Returns HMAC-SHA256 of the UTF-8 bytes of `message` under `key`.
    public static func authenticationCode<Key: ContiguousBytes>(for message: String, key: Key) -> [UInt8] {
        authenticationCode(for: Array(message.utf8), key: key)
    }

    /// Returns SHA-256 of `pad` followed by `data`, reusing `context`.
    private static func digest(_ context: OpaquePointer, _ pad: [UInt8], _ data: UnsafeRawBufferPointer) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: SHA256.byteCount)
        var length: UInt32 = 0
        let ok =
            EVP_DigestInit_ex2(context, DigestAlgorithm.sha256.pointer, nil) == 1
            && pad.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) } == 1
            && EVP_DigestUpdate(context, data.baseAddress, data.count) == 1
            && output.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) } == 1
        precondition(ok, "SHA-256 inside HMAC failed")
        return output
    }
}

/// Compares two byte sequences in time that depends only on their lengths, never on where they differ.
public func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else {
        return false
    }
    if lhs.isEmpty {
        return true
    }
    return lhs.withUnsafeBytes { left in
        rhs.withUnsafeBytes { right in
            CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
        }
    }
}
