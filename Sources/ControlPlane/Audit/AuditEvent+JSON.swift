import Foundation

extension AuditEvent {
    /// Returns the event as a JSON object for `JSONSerialization`, with `before` and `after` embedded as
    /// JSON values rather than strings.
    ///
    /// Keys: `id`, `time`, `actor`, `action`, `target`, `requestId`, `outcome`, `error` (`{code, message}` or
    /// null), `before`, `after`, `previousHash`, `hash`. A `before` or `after` text that does not parse as
    /// JSON is returned as a string, so a malformed row is still shown as stored.
    public func jsonObject() -> [String: Any] {
        [
            "id": self.id,
            "time": self.time,
            "actor": self.actor,
            "action": self.action,
            "target": self.target,
            "requestId": self.requestId ?? NSNull(),
            "outcome": self.outcome.rawValue,
            "error": self.failure.map { ["code": $0.code, "message": $0.message] } ?? NSNull(),
            "before": Self.embedded(self.before),
            "after": Self.embedded(self.after),
            "previousHash": self.previousHash,
            "hash": self.hash,
        ]
    }

    private static func embedded(_ text: String?) -> Any {
        guard let text else {
            return NSNull()
        }
        let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        return parsed ?? text
    }
}
