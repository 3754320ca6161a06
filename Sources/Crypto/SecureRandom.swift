import CCrypto

/// Cryptographically secure random bytes from libcrypto's RAND_bytes.
public enum SecureRandom {
    /// Returns `count` random bytes.
    public static func bytes(count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        guard count > 0 else {
            return buffer
        }
        let status = buffer.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        // RAND_bytes fails only when the generator cannot be seeded; continuing would hand out weak tokens.
        precondition(status == 1, "RAND_bytes failed: the random generator is not seeded")
        return buffer
    }
}
