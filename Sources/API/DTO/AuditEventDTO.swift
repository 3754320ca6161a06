import ControlPlane

/// An audit row as the API returns it, with `before` and `after` embedded as JSON values. Written with
/// `JSONWriter` because audit lists are the largest responses the server sends.
struct AuditEventDTO: JSONWritable {
    let event: AuditEvent

    init(_ event: AuditEvent) {
        self.event = event
    }

    func write(to writer: inout JSONWriter) {
        let event = self.event
        writer.beginObject()
        writer.key("id")
        writer.integer(event.id)
        writer.member("time", event.time)
        writer.member("actor", event.actor)
        writer.member("action", event.action)
        writer.member("target", event.target)
        writer.member("requestId", event.requestId)
        writer.member("outcome", event.outcome.rawValue)
        writer.key("error")
        if let failure = event.failure {
            writer.beginObject()
            writer.member("code", failure.code)
            writer.member("message", failure.message)
            writer.endObject()
        } else {
            writer.null()
        }
        for (name, text) in [("before", event.before), ("after", event.after)] {
            writer.key(name)
            if let text {
                writer.embedded(text)
            } else {
                writer.null()
            }
        }
        writer.member("previousHash", event.previousHash)
        writer.member("hash", event.hash)
        writer.endObject()
    }
}
