import Crypto
import Foundation

/// A strong entity tag (RFC 9110, section 8.8.3) for a configuration or policy document: the first 32 hex
/// digits of the SHA-256 of its canonical text, in quotes.
public struct EntityTag: Sendable, Hashable, CustomStringConvertible {
    /// The quoted tag as sent in `ETag`, e.g. `"3f2a…"`.
    public let value: String

    public init(of canonicalText: String) {
        self.value = "\"" + String(SHA256.hexHash(canonicalText).prefix(32)) + "\""
    }

    public var description: String {
        self.value
    }

    /// Checks an `If-Match` header (RFC 9110, section 13.1.1) against the current tag, which is nil when the
    /// document does not exist. A missing header always passes; `*` passes when the document exists.
    ///
    /// - Throws: `PreconditionFailedError` when the header names no current tag.
    public static func checkIfMatch(_ header: String?, current: EntityTag?) throws(PreconditionFailedError) {
        guard let header else {
            return
        }
        let candidates = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if candidates.contains("*") && current != nil {
            return
        }
        // A weak tag never matches under the strong comparison that If-Match requires.
        if let current, candidates.contains(current.value) {
            return
        }
        throw PreconditionFailedError(ifMatch: header, current: current)
    }
}

/// An `If-Match` precondition that failed because the document changed since the caller read it.
public struct PreconditionFailedError: Error, Sendable, CustomStringConvertible {
    /// The `If-Match` header as sent.
    public let ifMatch: String
    /// The document's current tag, or nil when it does not exist.
    public let current: EntityTag?

    public var description: String {
        guard let current else {
            return "If-Match is \(self.ifMatch) but the document does not exist; read it again before changing it."
        }
        return "If-Match is \(self.ifMatch) but the current ETag is \(current); read the document again, "
            + "reapply the change and send the new ETag."
    }
}
