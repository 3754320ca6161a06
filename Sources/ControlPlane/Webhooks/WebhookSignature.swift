import Crypto
import Foundation

/// The HMAC-SHA256 signature of a CI webhook delivery, sent as `X-Signature-256: sha256=<hex>` (or GitHub's
/// `X-Hub-Signature-256` with the same form) over the exact bytes of the request body.
public enum WebhookSignature {
    /// The header value's prefix, naming the algorithm as GitHub does.
    public static let prefix = "sha256="

    /// Parses a signature header value into the 32 bytes of the MAC.
    ///
    /// Pure and total, so a fuzzer can call it with any input: returns nil unless the value is exactly
    /// `sha256=` followed by 64 hex digits (either case), with no spaces and nothing after.
    public static func parse(_ header: Substring) -> [UInt8]? {
        let utf8 = header.utf8
        guard utf8.count == Self.prefix.utf8.count + 2 * SHA256.byteCount,
            utf8.starts(with: Self.prefix.utf8)
        else {
            return nil
        }
        let hex = header.dropFirst(Self.prefix.count)
        guard let bytes = Hex.decode(hex), bytes.count == SHA256.byteCount else {
            return nil
        }
        return bytes
    }

    /// Returns the header value for `body` signed with `secret`: `sha256=` and the lowercase hex MAC.
    public static func sign(_ body: [UInt8], secret: [UInt8]) -> String {
        Self.prefix + Hex.encode(HMACSHA256.authenticationCode(for: body, key: secret))
    }

    /// True when `header` is a well-formed signature of `body` under `secret`. The comparison takes the
    /// same time wherever the MACs differ.
    public static func isValid(_ header: Substring, body: [UInt8], secret: [UInt8]) -> Bool {
        guard let received = Self.parse(header) else {
            return false
        }
        return constantTimeEquals(received, HMACSHA256.authenticationCode(for: body, key: secret))
    }
}
