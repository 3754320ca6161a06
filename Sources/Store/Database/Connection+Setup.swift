import CSQLite

extension Connection {
    /// Opens the writer: creates the file when missing, switches it to WAL and turns on foreign keys.
    static func openWriter(path: String, configuration: Database.Configuration) throws -> Connection {
        let connection = try Connection(
            path: path,
            flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
            statementCacheCapacity: configuration.statementCacheCapacity
        )
        try connection.applyCommonSettings(configuration)
        let mode = try connection.queryFirst("PRAGMA journal_mode = WAL").map { try $0.string(0) }
        guard mode?.lowercased() == "wal" else {
            throw StoreError(
                kind: .sqlite,
                message: "cannot switch \(path) to WAL mode (journal mode is \(mode ?? "unknown"))"
            )
        }
        try connection.execute("PRAGMA synchronous = \(configuration.synchronous.rawValue)")
        return connection
    }

    /// Opens a reader on a file the writer has already created; it rejects every write.
    static func openReader(path: String, configuration: Database.Configuration) throws -> Connection {
        let connection = try Connection(
            path: path,
            flags: SQLITE_OPEN_READWRITE,
            statementCacheCapacity: configuration.statementCacheCapacity
        )
        try connection.applyCommonSettings(configuration)
        // A read-write handle with query_only avoids read-only WAL pitfalls (a missing -shm file) while still
        // making an accidental write through `Database.read` fail.
        try connection.execute("PRAGMA query_only = ON")
        return connection
    }

    private func applyCommonSettings(_ configuration: Database.Configuration) throws {
        let status = sqlite3_busy_timeout(self.handle, configuration.busyTimeoutMilliseconds)
        guard status == SQLITE_OK else {
            throw self.error(status, sql: nil)
        }
        try self.execute("PRAGMA foreign_keys = ON")
    }
}
