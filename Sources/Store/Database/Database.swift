import CSQLite
import Observability
import Synchronization

/// A SQLite database file in WAL mode with one serialized writer connection and a pool of readers.
///
/// All writes run one at a time on the writer's thread inside `BEGIN IMMEDIATE … COMMIT`, so a write
/// transaction never interleaves with another and a reader never sees half of one. Reads run on reader
/// connections beside the writer. Every blocking sqlite3 call runs on a thread owned by the connection,
/// never on the Swift concurrency pool.
public final class Database: Sendable {
    /// The path of the database file.
    public let path: String
    public let configuration: Configuration
    private let writer: ConnectionWorker
    private let readers: ReaderPool
    private let writesSinceCheckpoint = Atomic<Int>(0)

    private init(path: String, configuration: Configuration, writer: ConnectionWorker, readers: ReaderPool) {
        self.path = path
        self.configuration = configuration
        self.writer = writer
        self.readers = readers
    }

    /// Opens (and creates when missing) the database at `path` and switches it to WAL mode.
    ///
    /// - Throws: `StoreError` when the file cannot be opened or WAL mode cannot be enabled, for example on
    ///   a file system without shared memory.
    public static func open(
        path: String,
        configuration: Configuration = Configuration(),
        logger: Logger = .disabled
    ) async throws -> Database {
        // The writer opens first because it creates the file and switches it to WAL for the readers.
        let writer = try await ConnectionWorker(label: "ecp-db-writer") {
            try Connection.openWriter(path: path, configuration: configuration)
        }
        var readers = [ConnectionWorker]()
        for index in 0..<configuration.readerCount {
            let reader = try await ConnectionWorker(label: "ecp-db-reader-\(index)") {
                try Connection.openReader(path: path, configuration: configuration)
            }
            readers.append(reader)
        }
        logger.debug(
            "Database opened.",
            metadata: ["db.path": path, "db.readers": "\(configuration.readerCount)"]
        )
        return Database(
            path: path,
            configuration: configuration,
            writer: writer,
            readers: ReaderPool(workers: readers)
        )
    }

    /// Runs `body` in a write transaction on the single writer connection.
    ///
    /// The transaction starts with `BEGIN IMMEDIATE`, commits when `body` returns and rolls back when it
    /// throws, so either every change of `body` is stored or none is. Writes from all tasks run one at a
    /// time in the order they arrive.
    ///
    /// - Throws: what `body` throws, or `StoreError` when beginning or committing fails.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await self.writer.run { connection in
            let result = try connection.transaction(begin: "BEGIN IMMEDIATE") { try body(connection) }
            self.checkpointIfDue(connection)
            return result
        }
    }

    /// Runs a RESTART checkpoint every `checkpointInterval` write transactions, on the writer's queue.
    ///
    /// SQLite's automatic checkpoints are PASSIVE and do not wait for readers. While some reader is always
    /// inside the WAL (constant API reads), the WAL is then never reset and keeps growing (750 MB in a
    /// 10-minute soak). RESTART waits for
    /// the readers of older snapshots to finish, so the next write starts the WAL over. Every write queued
    /// behind it waits too, so it gets 100 ms instead of the full busy timeout. A checkpoint that fails or
    /// times out only leaves the WAL longer until the next one, so its result is ignored.
    private func checkpointIfDue(_ connection: Connection) {
        let writes = self.writesSinceCheckpoint.add(1, ordering: .relaxed).newValue
        guard writes >= self.configuration.checkpointInterval else {
            return
        }
        self.writesSinceCheckpoint.store(0, ordering: .relaxed)
        _ = try? connection.queryFirst("PRAGMA busy_timeout = 100")
        _ = try? connection.queryFirst("PRAGMA wal_checkpoint(RESTART)")
        _ = try? connection.queryFirst("PRAGMA busy_timeout = \(self.configuration.busyTimeoutMilliseconds)")
    }

    /// Runs `body` in a read transaction on a reader connection, so all its queries see one snapshot.
    ///
    /// Reader connections are query-only: a statement that writes fails with `StoreError`.
    @discardableResult
    public func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await self.readers.run { connection in
            try connection.transaction(begin: "BEGIN DEFERRED") { try body(connection) }
        }
    }

    /// Runs `body` on the writer connection outside any transaction, for statements that SQLite forbids
    /// inside one (`VACUUM`, some pragmas).
    public func writeWithoutTransaction<T: Sendable>(
        _ body: @escaping @Sendable (Connection) throws -> T
    ) async throws -> T {
        try await self.writer.run(body)
    }

    /// Runs `PRAGMA integrity_check` and returns its lines: `["ok"]` for a sound file.
    public func integrityCheck() async throws -> [String] {
        try await self.read { connection in
            try connection.query("PRAGMA integrity_check").map { try $0.string(0) }
        }
    }

    /// Returns the bytes SQLite has allocated in this process (page caches, prepared statements, schema)
    /// and their peak since the process started.
    public static func memoryInUse() -> (current: Int64, highWater: Int64) {
        var current: Int64 = 0
        var highWater: Int64 = 0
        _ = sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &highWater, 0)
        return (current, highWater)
    }

    /// Closes every connection after the calls already queued have finished; later calls fail with `.closed`.
    public func close() async {
        // PRAGMA optimize refreshes planner statistics that the writer's own queries would benefit from;
        // a failure only leaves the old statistics in place.
        _ = try? await self.writer.run { connection in try connection.execute("PRAGMA optimize") }
        await self.writer.close()
        await self.readers.closeAll()
    }
}
