import Crypto
import Foundation

/// Authenticates CI webhook deliveries: the body's HMAC-SHA256 under the shared secret and a timestamp
/// inside the allowed clock skew. A replay inside the window is caught by the delivery id instead.
public struct CIWebhookVerifier: Sendable {
    /// The largest difference between `X-Timestamp` and the server's clock: 5 minutes.
    public static let maxClockSkew: TimeInterval = 300

    let secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// Returns why the delivery is rejected, or nil when it is authentic and fresh.
    ///
    /// - Parameters:
    ///   - signatures: the values of `X-Signature-256` and `X-Hub-Signature-256`, nil where absent; the
    ///     first header present is checked.
    ///   - timestamp: the `X-Timestamp` value, Unix seconds.
    public func rejection(signatures: [String?], timestamp: String?, body: [UInt8], now: Date) -> String? {
        guard let signature = signatures.compactMap({ $0 }).first else {
            return "missing signature: send X-Signature-256: sha256=<hex HMAC-SHA256 of the body>"
        }
        guard WebhookSignature.parse(Substring(signature)) != nil else {
            return "malformed signature: expected sha256= followed by 64 hex digits"
        }
        guard WebhookSignature.isValid(Substring(signature), body: body, secret: self.secret) else {
            return "signature mismatch: the HMAC-SHA256 of the body under the configured secret differs"
        }
        guard let timestamp else {
            return "missing timestamp: send X-Timestamp with the Unix time in seconds"
        }
        guard let seconds = Self.parseTimestamp(Substring(timestamp)) else {
            return "malformed timestamp: X-Timestamp must be Unix seconds, digits only"
        }
        guard abs(now.timeIntervalSince1970 - Double(seconds)) <= Self.maxClockSkew else {
            return "stale timestamp: X-Timestamp is more than 5 minutes from the server's clock"
        }
        return nil
    }

    /// Parses Unix seconds: 1 to 12 ASCII digits.
    public static func parseTimestamp(_ text: Substring) -> Int64? {
        guard (1...12).contains(text.utf8.count), text.utf8.allSatisfy({ (48...57).contains($0) }) else {
            return nil
        }
        return Int64(text)
    }
}
