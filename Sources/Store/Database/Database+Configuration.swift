extension Database {
    /// How `Database` opens and tunes its connections; every field has a default.
    public struct Configuration: Sendable {
        /// SQLite's `synchronous` setting for the write connection.
        public enum Synchronous: String, Sendable {
            /// In WAL mode a commit survives a crash of the process (SIGKILL included) but the last
            /// commits before a power loss or OS crash may roll back.
            case normal = "NORMAL"
            /// Each commit is synced to disk before it returns, surviving power loss too, at the cost of
            /// an fsync per write transaction.
            case full = "FULL"
        }

        /// Read connections opened beside the one writer; WAL lets them read while a write is running.
        public var readerCount: Int
        /// How long a connection waits on a lock held by another process before failing with `.busy`.
        public var busyTimeoutMilliseconds: Int32
        public var synchronous: Synchronous
        /// Prepared statements kept per connection before the cache is emptied.
        public var statementCacheCapacity: Int
        /// Write transactions between two RESTART checkpoints, which keep the WAL from growing while readers
        /// never pause.
        public var checkpointInterval: Int

        public init(
            readerCount: Int = 4,
            busyTimeoutMilliseconds: Int32 = 5000,
            synchronous: Synchronous = .normal,
            statementCacheCapacity: Int = 64,
            checkpointInterval: Int = 256
        ) {
            self.readerCount = max(1, readerCount)
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.synchronous = synchronous
            self.statementCacheCapacity = statementCacheCapacity
            self.checkpointInterval = max(1, checkpointInterval)
        }
    }
}
