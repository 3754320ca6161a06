/// Request ids: a caller's `X-Request-Id` is kept when well-formed, otherwise the server makes one.
public enum RequestId {
    /// Returns 16 random lowercase hex characters.
    @Sendable public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Returns `candidate` when it is 1–128 characters of letters, digits, `-`, `_`, `.` and `:`, so it is
    /// safe to echo in a header and a log line; otherwise a generated id.
    public static func accepting(_ candidate: String?, orElse generate: () -> String) -> String {
        guard let candidate, isWellFormed(candidate) else {
            return generate()
        }
        return candidate
    }

    static func isWellFormed(_ candidate: String) -> Bool {
        let bytes = candidate.utf8
        guard !bytes.isEmpty, bytes.count <= 128 else {
            return false
        }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: ":"):
                true
            default:
                false
            }
        }
    }
}
