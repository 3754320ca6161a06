import CSQLite

/// One SQLite connection with a cache of prepared statements.
///
/// A connection is not thread-safe: `Database` confines each one to its own worker thread and hands
/// it to the closures passed to `Database.write` and `Database.read`. Do not keep a reference past the
/// closure. Every statement is prepared once per connection and reused with fresh bound values.
public final class Connection {
    let handle: OpaquePointer
    private let statementCacheCapacity: Int
    private var statements: [String: Statement] = [:]

    /// Opens the database file at `path` with SQLite `flags`.
    ///
    /// - Throws: `StoreError` when SQLite cannot open the file.
    init(path: String, flags: Int32, statementCacheCapacity: Int = 64) throws {
        var handle: OpaquePointer?
        let status = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard let handle, status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw StoreError(extendedResultCode: status, message: "cannot open \(path): \(message)", sql: nil)
        }
        sqlite3_extended_result_codes(handle, 1)
        self.handle = handle
        self.statementCacheCapacity = statementCacheCapacity
    }

    deinit {
        self.statements.removeAll()
        sqlite3_close_v2(self.handle)
    }

    /// The rowid of the last row inserted through this connection.
    public var lastInsertRowID: Int64 {
        sqlite3_last_insert_rowid(self.handle)
    }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool {
        sqlite3_get_autocommit(self.handle) == 0
    }

    /// Runs one statement to completion with `values` bound to its parameters.
    ///
    /// - Returns: the number of rows the statement inserted, updated or deleted.
    /// - Throws: `StoreError`; kind `.constraint` for a constraint violation.
    @discardableResult
    public func execute(_ sql: String, _ values: [SQLiteValue] = []) throws -> Int {
        try self.withStatement(sql, values) { statement in
            while try self.step(statement) {}
        }
        return Int(sqlite3_changes(self.handle))
    }

    /// Runs a query and returns every result row.
    public func query(_ sql: String, _ values: [SQLiteValue] = []) throws -> [Row] {
        var rows = [Row]()
        try self.forEachRow(sql, values) { row in
            rows.append(row)
            return true
        }
        return rows
    }

    /// Runs a query and returns its first row, or nil when it has none.
    public func queryFirst(_ sql: String, _ values: [SQLiteValue] = []) throws -> Row? {
        var first: Row?
        try self.forEachRow(sql, values) { row in
            first = row
            return false
        }
        return first
    }

    /// Runs a query and passes each row to `body` as SQLite produces it, without holding the whole result.
    ///
    /// - Parameter body: called per row; return false to stop early.
    public func forEachRow(_ sql: String, _ values: [SQLiteValue] = [], _ body: (Row) throws -> Bool) throws {
        try self.withStatement(sql, values) { statement in
            while try self.step(statement) {
                guard try body(statement.currentRow()) else {
                    return
                }
            }
        }
    }

    /// Runs every statement of `script` in order, as a migration file holds them.
    ///
    /// Each statement is prepared and run on its own; none is cached, because a script runs once.
    public func executeScript(_ script: String) throws {
        try script.withCString { start in
            var cursor: UnsafePointer<CChar>? = start
            while let current = cursor, current.pointee != 0 {
                var tail: UnsafePointer<CChar>?
                var handle: OpaquePointer?
                let status = sqlite3_prepare_v2(self.handle, current, -1, &handle, &tail)
                guard status == SQLITE_OK else {
                    throw self.error(status, sql: String(cString: current))
                }
                cursor = tail
                // A trailing comment or blank text prepares to no statement at all.
                guard let handle else {
                    continue
                }
                let statement = Statement(handle: handle, sql: String(cString: sqlite3_sql(handle)))
                while try self.step(statement) {}
            }
        }
    }

    // MARK: - Statements

    private func withStatement<T>(_ sql: String, _ values: [SQLiteValue], _ body: (Statement) throws -> T) throws -> T {
        let statement = try self.prepare(sql)
        defer { statement.reset() }
        let status = statement.bind(values)
        guard status == SQLITE_OK else {
            if status == SQLITE_RANGE {
                let count = sqlite3_bind_parameter_count(statement.handle)
                throw StoreError(
                    extendedResultCode: status,
                    message: "the statement takes \(count) parameters but \(values.count) values were bound",
                    sql: sql
                )
            }
            throw self.error(status, sql: sql)
        }
        return try body(statement)
    }

    private func prepare(_ sql: String) throws -> Statement {
        if let cached = self.statements[sql], !cached.isBusy {
            return cached
        }
        var handle: OpaquePointer?
        let status = sqlite3_prepare_v3(self.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard status == SQLITE_OK, let handle else {
            throw self.error(status, sql: sql)
        }
        let statement = Statement(handle: handle, sql: sql)
        // A busy cached statement means a nested query runs the same SQL; the fresh one stays uncached.
        guard self.statements[sql] == nil else {
            return statement
        }
        if self.statements.count >= self.statementCacheCapacity {
            self.statements = self.statements.filter { $0.value.isBusy }
        }
        self.statements[sql] = statement
        return statement
    }

    /// Advances `statement` one step: true when a row is ready, false when it is done.
    private func step(_ statement: Statement) throws -> Bool {
        switch sqlite3_step(statement.handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let status: throw self.error(status, sql: statement.sql)
        }
    }

    func error(_ status: Int32, sql: String?) -> StoreError {
        let extended = sqlite3_extended_errcode(self.handle)
        // sqlite3_extended_errcode reflects the latest failed call; prefer it when it matches this status.
        let code = (extended & 0xFF) == (status & 0xFF) ? extended : status
        return StoreError(extendedResultCode: code, message: String(cString: sqlite3_errmsg(self.handle)), sql: sql)
    }
}
