import Observability
import Store

extension AuditLog {
    /// Returns one page of rows matching `filter`, newest first.
    ///
    /// - Parameters:
    ///   - limit: rows per page, clamped to 1...500; 50 when nil.
    ///   - cursor: the `next` value of the previous page, or nil for the first page.
    /// - Throws: `AuditLogError` of kind `.invalidCursor` for a cursor this log did not issue.
    public func list(filter: AuditFilter = AuditFilter(), limit: Int? = nil, cursor: String? = nil) async throws
        -> AuditPage
    {
        var query = AuditSQL()
        query.addEqual("actor", filter.actor)
        query.addEqual("action", filter.action)
        query.addEqual("outcome", filter.outcome?.rawValue)
        if let prefix = filter.targetPrefix, !prefix.isEmpty {
            query.target = .prefix(prefix)
        }
        if let since = filter.since {
            query.add("time >= ?", [.text(RFC3339.string(from: since))])
        }
        if let until = filter.until {
            query.add("time < ?", [.text(RFC3339.string(from: until))])
        }
        return try await self.page(query, limit: limit, cursor: cursor)
    }

    /// Returns the history of `target` and its sub-targets (`target/…`, such as a repository's policies),
    /// newest first.
    ///
    /// - Throws: `AuditLogError` of kind `.invalidCursor` for a cursor this log did not issue.
    public func history(of target: String, limit: Int? = nil, cursor: String? = nil) async throws -> AuditPage {
        var query = AuditSQL()
        query.target = .subtree(target)
        return try await self.page(query, limit: limit, cursor: cursor)
    }

    private func page(_ query: AuditSQL, limit: Int?, cursor: String?) async throws -> AuditPage {
        var query = query
        let pageSize = AuditPageSize.clamp(limit)
        if let cursor {
            query.add("id < ?", [.integer(try AuditCursor.decode(cursor))])
        }
        let conditions = query
        let events = try await self.database.read { connection in
            let useTargetIndex = try conditions.isTargetNarrow(in: connection)
            let (whereClause, values) = conditions.whereClause(useTargetIndex: useTargetIndex)
            // Fetching one extra row shows whether another page follows, without a second query.
            let sql = "SELECT \(Self.columns) FROM audit_events\(whereClause) ORDER BY id DESC LIMIT ?"
            return try connection.query(sql, values + [.integer(pageSize + 1)]).map(Self.event(from:))
        }
        guard events.count > pageSize else {
            return AuditPage(items: events, next: nil)
        }
        let items = Array(events.prefix(pageSize))
        return AuditPage(items: items, next: items.last.map { AuditCursor.encode(lastId: $0.id) })
    }
}
