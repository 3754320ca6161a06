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
        query.addPrefix("target", filter.targetPrefix ?? "")
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
        var children = AuditSQL()
        children.addPrefix("target", target + "/")
        query.add(
            "(target = ? OR (\(children.conditions.joined(separator: " AND "))))",
            [.text(target)] + children.values
        )
        return try await self.page(query, limit: limit, cursor: cursor)
    }

    private func page(_ query: AuditSQL, limit: Int?, cursor: String?) async throws -> AuditPage {
        var query = query
        let pageSize = AuditPageSize.clamp(limit)
        if let cursor {
            query.add("id < ?", [.integer(try AuditCursor.decode(cursor))])
        }
        let whereClause = query.conditions.isEmpty ? "" : " WHERE " + query.conditions.joined(separator: " AND ")
        // Fetching one extra row shows whether another page follows, without a second query.
        let sql = "SELECT \(Self.columns) FROM audit_events\(whereClause) ORDER BY id DESC LIMIT ?"
        let values = query.values + [.integer(pageSize + 1)]
        let events = try await self.database.read { connection in
            try connection.query(sql, values).map(Self.event(from:))
        }
        guard events.count > pageSize else {
            return AuditPage(items: events, next: nil)
        }
        let items = Array(events.prefix(pageSize))
        return AuditPage(items: items, next: items.last.map { AuditCursor.encode(lastId: $0.id) })
    }
}

/// WHERE conditions and their bound values, built up one filter at a time.
struct AuditSQL {
    private(set) var conditions: [String] = []
    private(set) var values: [SQLiteValue] = []

    mutating func add(_ condition: String, _ values: [SQLiteValue]) {
        self.conditions.append(condition)
        self.values += values
    }

    mutating func addEqual(_ column: String, _ value: String?) {
        if let value {
            self.add("\(column) = ?", [.text(value)])
        }
    }

    /// Adds `column` starts with `prefix` as a range, so the column's index serves it.
    mutating func addPrefix(_ column: String, _ prefix: String) {
        guard !prefix.isEmpty else {
            return
        }
        if let upper = Self.upperBound(ofPrefix: prefix) {
            self.add("\(column) >= ? AND \(column) < ?", [.text(prefix), .text(upper)])
        } else {
            self.add("\(column) >= ?", [.text(prefix)])
        }
    }

    /// Returns the smallest text greater than every text that starts with `prefix`: the prefix with its last
    /// character replaced by the next Unicode scalar. SQLite's BINARY collation compares UTF-8 bytes, whose
    /// order is the order of scalar values, so `[prefix, upper)` holds exactly the texts with that prefix.
    static func upperBound(ofPrefix prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            // Surrogate code points are not scalars, so the successor of U+D7FF is U+E000.
            let nextValue = last.value == 0xD7FF ? 0xE000 : last.value + 1
            if let next = Unicode.Scalar(nextValue) {
                scalars.append(next)
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars)
                return String(text)
            }
            // U+10FFFF has no successor; carrying into the scalar before keeps the bound correct.
        }
        return nil
    }
}
