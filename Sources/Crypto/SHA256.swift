import CCrypto
import Foundation

/// SHA-256 digests through libcrypto's EVP interface.
public enum SHA256 {
    /// The digest length in bytes.
    public static let byteCount = 32

    /// Returns the SHA-256 digest of `bytes`.
    public static func hash<Bytes: ContiguousBytes>(_ bytes: Bytes) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: byteCount) { output, count in
            bytes.withUnsafeBytes { input in
                hash(input, into: UnsafeMutableRawBufferPointer(output))
            }
            count = byteCount
        }
    }

    /// Writes the SHA-256 digest of `input` to the first `byteCount` bytes of `output`, so a caller that
    /// hashes once per request can keep the digest on the stack.
    public static func hash(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= byteCount, "the SHA-256 output buffer is too small")
        // EVP_Digest fails only on an internal OpenSSL error, such as a failed allocation. Going on would
        // hand out a wrong digest, so the precondition below stops the process.
        let ok = EVP_Digest(
            input.baseAddress,
            input.count,
            output.baseAddress?.assumingMemoryBound(to: UInt8.self),
            nil,
            DigestAlgorithm.sha256.pointer,
            nil
        )
        precondition(ok == 1, "EVP_Digest(SHA-256) failed")
    }

    /// Returns the lowercase hex SHA-256 digest of `bytes`.
    public static func hexHash<Bytes: ContiguousBytes>(_ bytes: Bytes) -> String {
        bytes.withUnsafeBytes { hexDigest(of: $0) }
    }

    /// Returns the lowercase hex SHA-256 digest of the UTF-8 bytes of `string`.
    public static func hexHash(_ string: String) -> String {
        var string = string
        return string.withUTF8 { hexDigest(of: UnsafeRawBufferPointer($0)) }
    }

    /// Hashes into stack memory and formats the hex straight into the string, because the payload hash of
    /// every signed request goes through here.
    private static func hexDigest(of input: UnsafeRawBufferPointer) -> String {
        withUnsafeTemporaryAllocation(byteCount: byteCount, alignment: 1) { digest in
            hash(input, into: digest)
            return Hex.encode(UnsafeRawBufferPointer(digest))
        }
    }
}

/// An incremental SHA-256 computation for data that arrives in parts, such as a streamed blob.
public struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer

    public init() {
        guard let context = EVP_MD_CTX_new() else {
            fatalError("EVP_MD_CTX_new failed: out of memory")
        }
        precondition(EVP_DigestInit_ex2(context, DigestAlgorithm.sha256.pointer, nil) == 1, "EVP_DigestInit_ex2 failed")
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(self.context)
    }

    /// Adds `bytes` to the digest.
    public mutating func update<Bytes: ContiguousBytes>(_ bytes: Bytes) {
        bytes.withUnsafeBytes { input in
            precondition(EVP_DigestUpdate(self.context, input.baseAddress, input.count) == 1)
        }
    }

    /// Returns the digest of everything added so far and ends the computation.
    public consuming func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: SHA256.byteCount)
        var length: UInt32 = 0
        digest.withUnsafeMutableBufferPointer { output in
            precondition(EVP_DigestFinal_ex(self.context, output.baseAddress, &length) == 1)
        }
        return digest
    }
}
