import ControlPlane

/// An audit row as the API returns it, with `before` and `after` as JSON values.
struct AuditEventDTO: Encodable {
    struct Failure: Encodable {
        let code: String
        let message: String
    }

    let id: Int64
    let time: String
    let actor: String
    let action: String
    let target: String
    let requestId: String?
    let outcome: String
    let error: Failure?
    let before: EmbeddedJSON?
    let after: EmbeddedJSON?
    let previousHash: String
    let hash: String

    init(_ event: AuditEvent) {
        self.id = event.id
        self.time = event.time
        self.actor = event.actor
        self.action = event.action
        self.target = event.target
        self.requestId = event.requestId
        self.outcome = event.outcome.rawValue
        self.error = event.failure.map { Failure(code: $0.code, message: $0.message) }
        self.before = event.before.map(EmbeddedJSON.init(text:))
        self.after = event.after.map(EmbeddedJSON.init(text:))
        self.previousHash = event.previousHash
        self.hash = event.hash
    }
}
