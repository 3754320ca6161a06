import Foundation
import Observability
import Store

/// The tamper-evident record of every change the control plane makes.
///
/// Record a change with `append(_:in:)` inside the same write transaction as the change itself, so a
/// crash leaves both or neither. `append(_:)` records on its own, for example a failed attempt whose
/// change was rolled back. Rows form a SHA-256 hash chain (see `AuditChain`); because all writes go
/// through the database's single writer, the chain stays linear.
public struct AuditLog: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Appends `entry` through `connection`, which must be inside a write transaction, and returns the row.
    ///
    /// - Throws: `AuditLogError` when no transaction is open or the audit tables are missing, or
    ///   `StoreError` from SQLite. The caller's transaction then rolls back with the change it described.
    @discardableResult
    public func append(_ entry: AuditEntry, in connection: Connection) throws -> AuditEvent {
        guard connection.isInTransaction else {
            throw AuditLogError(.notInTransaction, "append(_:in:) needs the connection of an open write transaction")
        }
        let head = try self.chainHead(in: connection)
        let event = Self.event(for: entry, id: head.lastId + 1, previousHash: head.lastHash)
        try connection.execute(Self.insertSQL, Self.values(of: event))
        try connection.execute(
            "UPDATE audit_chain_head SET last_id = ?, last_hash = ? WHERE singleton = 1",
            [.integer(event.id), .text(event.hash)]
        )
        return event
    }

    /// Appends `entry` in a write transaction of its own and returns the row.
    @discardableResult
    public func append(_ entry: AuditEntry) async throws -> AuditEvent {
        try await self.database.write { connection in
            try self.append(entry, in: connection)
        }
    }

    /// Returns the row with `id`, or nil when there is none.
    public func event(id: Int64) async throws -> AuditEvent? {
        try await self.database.read { connection in
            try connection.queryFirst("SELECT \(Self.columns) FROM audit_events WHERE id = ?", [.integer(id)])
                .map(Self.event(from:))
        }
    }

    /// Returns the number of events ever written: the id of the newest, because rows are never deleted.
    public func writtenCount() async throws -> Int64 {
        try await self.database.read { connection in try self.chainHead(in: connection).lastId }
    }

    private func chainHead(in connection: Connection) throws -> (lastId: Int64, lastHash: String) {
        guard let row = try connection.queryFirst("SELECT last_id, last_hash FROM audit_chain_head WHERE singleton = 1")
        else {
            throw AuditLogError(.chainHeadMissing, "audit_chain_head has no row; apply the database migrations first")
        }
        return (try row.int64(0), try row.string(1))
    }

    private static func event(for entry: AuditEntry, id: Int64, previousHash: String) -> AuditEvent {
        let time = RFC3339.string(from: entry.time)
        let hash = AuditChain.hash(
            id: id,
            time: time,
            actor: entry.actor,
            action: entry.action,
            target: entry.target,
            requestId: entry.requestId,
            outcome: entry.outcome.rawValue,
            errorCode: entry.failure?.code,
            errorMessage: entry.failure?.message,
            before: entry.before,
            after: entry.after,
            previousHash: previousHash
        )
        return AuditEvent(
            id: id,
            time: time,
            actor: entry.actor,
            action: entry.action,
            target: entry.target,
            requestId: entry.requestId,
            outcome: entry.outcome,
            failure: entry.failure,
            before: entry.before,
            after: entry.after,
            previousHash: previousHash,
            hash: hash
        )
    }
}
