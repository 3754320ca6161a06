extension Connection {
    /// Runs `body` between `begin` and `COMMIT`, rolling back when `body` or the commit throws.
    func transaction<T>(begin: String, _ body: () throws -> T) throws -> T {
        try self.execute(begin)
        do {
            let result = try body()
            try self.execute("COMMIT")
            return result
        } catch {
            // Some failures (SQLITE_FULL, SQLITE_IOERR) already rolled the transaction back; a second
            // ROLLBACK would fail and hide the original error.
            if self.isInTransaction {
                _ = try? self.execute("ROLLBACK")
            }
            throw error
        }
    }
}
