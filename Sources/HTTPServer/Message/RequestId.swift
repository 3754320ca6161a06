import Synchronization

/// Request ids: a caller's `X-Request-Id` is kept when well-formed, otherwise the server makes one.
public enum RequestId {
    private static let seed: UInt64 = .random(in: .min ... .max)
    private static let counter = Atomic<UInt64>(0)

    /// Returns 16 lowercase hex characters, unique within the process and unpredictable across processes.
    ///
    /// The value is a SplitMix64 step over a random per-process seed plus a counter, which is a bijection,
    /// so ids never repeat within 2^64 requests and no system call is made per request.
    @Sendable public static func generate() -> String {
        let sequence = self.counter.wrappingAdd(1, ordering: .relaxed).newValue
        var value = self.seed &+ sequence &* 0x9E37_79B9_7F4A_7C15
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        value ^= value >> 31
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Returns `candidate` when it is 1–128 characters of letters, digits, `-`, `_`, `.` and `:`, which
    /// are safe to echo in a header and a log line. Otherwise returns a generated id.
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
