import Foundation
import Observability

/// Applies the numbered SQL files of a migrations folder to a database, each exactly once and in order.
///
/// Each file runs in its own write transaction together with the row that records it in
/// `schema_migrations` (version, name, SHA-256 checksum, applied time), so a crash leaves a file either
/// fully applied and recorded or not applied at all. A file whose checksum no longer matches its record
/// stops the run with an error naming the file, because the database would no longer match the folder.
///
/// Because the runner owns the transaction, a migration file must not contain `BEGIN` or `COMMIT`, and
/// `PRAGMA foreign_keys` inside one has no effect (SQLite ignores it within a transaction).
public struct MigrationRunner: Sendable {
    /// The folder that contains the `NNNN_name.sql` files.
    public let directory: URL
    private let database: Database
    private let logger: Logger

    public init(database: Database, directory: URL, logger: Logger = .disabled) {
        self.database = database
        self.directory = directory
        self.logger = logger
    }

    /// Reads and checks the migrations folder: names, no duplicate versions, no gaps from 1 upwards.
    ///
    /// - Throws: `StoreError` of kind `.migrationInvalid` naming the offending file or version.
    public func migrations() async throws -> [Migration] {
        let directory = self.directory
        return try await withCheckedThrowingContinuation { continuation in
            // File reads block, so they run on a dispatch queue rather than the concurrency pool.
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.loadMigrations(from: directory) })
            }
        }
    }

    /// Compares the database with the folder without changing either.
    ///
    /// - Throws: `StoreError` of kind `.migrationChecksumMismatch` or `.migrationUnknown` when an applied
    ///   migration differs from the folder, or `.migrationInvalid` for a malformed folder.
    public func status() async throws -> MigrationStatus {
        let migrations = try await self.migrations()
        let applied = try await self.database.read { connection in
            try Self.appliedMigrations(in: connection)
        }
        return try Self.compare(applied: applied, with: migrations, directory: self.directory)
    }

    /// Applies every pending migration in version order and returns the ones this call applied (empty when
    /// the database is current or another process applied them first).
    ///
    /// - Throws: the errors of `status()`, or `StoreError` from the SQL of a migration. The failing file is
    ///   rolled back and later files are not attempted.
    @discardableResult
    public func migrate() async throws -> [Migration] {
        try await self.database.write { connection in
            try connection.execute(Self.createBookkeepingTable)
        }
        let pending = try await self.status().pending
        var applied = [Migration]()
        for migration in pending where try await self.apply(migration) {
            applied.append(migration)
        }
        if let last = applied.last {
            self.logger.info(
                "Migrations applied.",
                metadata: ["migration.count": "\(applied.count)", "migration.version": "\(last.version)"]
            )
        }
        return applied
    }

    /// Applies one migration; returns false when another process applied it first.
    private func apply(_ migration: Migration) async throws -> Bool {
        let clock = ContinuousClock()
        let start = clock.now
        let applied = try await self.database.write { connection in
            // Another process may have applied this version since `status()` ran; the write lock now held
            // makes this check and the apply one step.
            if let existing = try Self.record(version: migration.version, in: connection) {
                try Self.check(existing, against: migration)
                return false
            }
            try connection.executeScript(migration.sql)
            try connection.execute(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                [
                    .integer(migration.version),
                    .text(migration.name),
                    .text(migration.checksum),
                    .text(RFC3339.string(from: Date())),
                ]
            )
            return true
        }
        guard applied else {
            return false
        }
        self.logger.info(
            "Migration applied.",
            metadata: [
                "migration.version": "\(migration.version)",
                "migration.file": migration.fileName,
                "migration.duration_ms": "\(Self.milliseconds(start.duration(to: clock.now)))",
            ]
        )
        return true
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
