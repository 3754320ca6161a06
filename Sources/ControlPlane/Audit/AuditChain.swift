import Crypto

/// The canonical form and hash of audit rows.
///
/// The canonical form is the ASCII tag `ecp-audit-v1` followed by each field in a fixed order (id, time,
/// actor, action, target, request id, outcome, error code, error message, before, after, previous hash).
/// Each field is written as `;` plus either `-` for null or the decimal UTF-8 byte count, `:` and the
/// bytes. The length prefix keeps the form unambiguous whatever the fields contain. A row's hash is the
/// hex SHA-256 of its canonical form. Because the form includes the previous row's hash, editing, removing
/// or reordering a row breaks every hash check from that row on.
///
/// NOTE: the hash is not keyed, so someone who can write the file and recompute every later hash can
/// rewrite history undetected; the chain detects edits made without that effort, such as a direct UPDATE.
public enum AuditChain {
    /// The previous hash of the first row.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Returns the hex SHA-256 of the canonical form of a row with these contents.
    public static func hash(
        id: Int64,
        time: String,
        actor: String,
        action: String,
        target: String,
        requestId: String?,
        outcome: String,
        errorCode: String?,
        errorMessage: String?,
        before: String?,
        after: String?,
        previousHash: String
    ) -> String {
        var form = Array("ecp-audit-v1".utf8)
        let fields: [String?] = [
            String(id), time, actor, action, target, requestId, outcome, errorCode, errorMessage, before, after,
            previousHash,
        ]
        for field in fields {
            form.append(UInt8(ascii: ";"))
            guard let field else {
                form.append(UInt8(ascii: "-"))
                continue
            }
            form.append(contentsOf: String(field.utf8.count).utf8)
            form.append(UInt8(ascii: ":"))
            form.append(contentsOf: field.utf8)
        }
        return SHA256.hexHash(form)
    }

    /// Returns the hash `event` should have given its contents and stored previous hash.
    public static func expectedHash(of event: AuditEvent) -> String {
        self.hash(
            id: event.id,
            time: event.time,
            actor: event.actor,
            action: event.action,
            target: event.target,
            requestId: event.requestId,
            outcome: event.outcome.rawValue,
            errorCode: event.failure?.code,
            errorMessage: event.failure?.message,
            before: event.before,
            after: event.after,
            previousHash: event.previousHash
        )
    }
}
