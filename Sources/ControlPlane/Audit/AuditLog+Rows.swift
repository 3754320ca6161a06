import Store

extension AuditLog {
    /// The columns every query selects, in the order `event(from:)` reads them.
    static let columns = """
        id, time, actor, action, target, request_id, outcome, error_code, error_message, before_json, after_json, \
        previous_hash, hash
        """

    static let insertSQL = "INSERT INTO audit_events (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    static func values(of event: AuditEvent) -> [SQLiteValue] {
        [
            .integer(event.id),
            .text(event.time),
            .text(event.actor),
            .text(event.action),
            .text(event.target),
            .text(event.requestId),
            .text(event.outcome.rawValue),
            .text(event.failure?.code),
            .text(event.failure?.message),
            .text(event.before),
            .text(event.after),
            .text(event.previousHash),
            .text(event.hash),
        ]
    }

    static func event(from row: Row) throws -> AuditEvent {
        let outcomeText = try row.string(6)
        guard let outcome = AuditOutcome(rawValue: outcomeText) else {
            throw AuditLogError(.corruptRow, "audit row \(try row.int64(0)) has unknown outcome \"\(outcomeText)\"")
        }
        let failure = try row.optionalString(7).map { code in
            AuditFailure(code: code, message: try row.optionalString(8) ?? "")
        }
        return AuditEvent(
            id: try row.int64(0),
            time: try row.string(1),
            actor: try row.string(2),
            action: try row.string(3),
            target: try row.string(4),
            requestId: try row.optionalString(5),
            outcome: outcome,
            failure: failure,
            before: try row.optionalString(9),
            after: try row.optionalString(10),
            previousHash: try row.string(11),
            hash: try row.string(12)
        )
    }
}
