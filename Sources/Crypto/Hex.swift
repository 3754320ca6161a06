/// Lowercase hexadecimal encoding and decoding.
public enum Hex {
    /// Returns the lowercase hex text of `bytes`.
    @inlinable
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        // The generic entry point only finds contiguous storage, so callers in other modules get the
        // specialised loop below instead of an unspecialised per-byte iteration.
        if let text = bytes.withContiguousStorageIfAvailable({ encode(UnsafeRawBufferPointer($0)) }) {
            return text
        }
        return Array(bytes).withUnsafeBytes { encode($0) }
    }

    /// Returns the lowercase hex text of `bytes`.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            write(bytes, to: UnsafeMutableRawBufferPointer(output))
        }
    }

    /// Writes the lowercase hex of `bytes` to the start of `output`, which must have room for twice as many bytes,
    /// and returns the number of bytes written.
    @discardableResult
    public static func write(_ bytes: UnsafeRawBufferPointer, to output: UnsafeMutableRawBufferPointer) -> Int {
        precondition(output.count >= bytes.count * 2, "the hex output buffer is too small")
        var index = 0
        for byte in bytes {
            output[index] = digit(byte >> 4)
            output[index + 1] = digit(byte & 0x0F)
            index += 2
        }
        return index
    }

    /// Returns the ASCII digit of a nibble from a table, because a comparison per nibble is a branch that
    /// mispredicts on random digests. The static string needs no initialisation, and the mask keeps the
    /// index inside it.
    private static func digit(_ nibble: UInt8) -> UInt8 {
        let digits: StaticString = "0123456789abcdef"
        return digits.utf8Start[Int(nibble & 0x0F)]
    }

    /// Returns the bytes of hex `text` (either case), or nil when it has an odd length or a non-hex character.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 2 == 0 else {
            return nil
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = value(of: characters[index]), let low = value(of: characters[index + 1]) else {
                return nil
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
