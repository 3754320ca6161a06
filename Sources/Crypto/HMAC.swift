import CCrypto
import Foundation

/// HMAC-SHA256 through libcrypto.
public enum HMACSHA256 {
    /// Returns HMAC-SHA256 of `message` under `key`.
    public static func authenticationCode<Key: ContiguousBytes, Message: ContiguousBytes>(
        for message: Message,
        key: Key
    ) -> [UInt8] {
        var code = [UInt8](repeating: 0, count: SHA256.byteCount)
        var length: UInt32 = 0
        key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                code.withUnsafeMutableBufferPointer { output in
                    let result = CCrypto.HMAC(
                        EVP_sha256(),
                        keyBytes.baseAddress,
                        Int32(keyBytes.count),
                        messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                        messageBytes.count,
                        output.baseAddress,
                        &length
                    )
                    precondition(result != nil, "HMAC(SHA-256) failed")
                }
            }
        }
        return code
    }

    /// Returns HMAC-SHA256 of the UTF-8 bytes of `message` under `key`.
    public static func authenticationCode<Key: ContiguousBytes>(for message: String, key: Key) -> [UInt8] {
        authenticationCode(for: Array(message.utf8), key: key)
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
