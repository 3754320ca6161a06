/// Lowercase hex of a digest, written straight into the string's storage.
///
/// The signer formats two digests per call. `Crypto.Hex.encode` is generic over `Sequence` and is not
/// specialised across modules, which made it the slowest step of signing, so the hot path uses this instead.
enum LowercaseHex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func string(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var index = 0
            for byte in bytes {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    /// Appends the lowercase hex of `bytes` to `output`.
    static func append(_ bytes: [UInt8], to output: inout [UInt8]) {
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
    }
}
