import Foundation

extension MigrationRunner {
    static let createBookkeepingTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            checksum TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """

    /// Reads every `.sql` file of `directory` and checks that versions run 1, 2, 3, … without gaps or repeats.
    static func loadMigrations(from directory: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw StoreError(
                kind: .migrationsNotFound,
                message: "cannot list migrations folder \(directory.path): \(error.localizedDescription)"
            )
        }
        let migrations = try names.filter { $0.hasSuffix(".sql") }
            .map { try Migration(contentsOf: directory.appendingPathComponent($0)) }
            .sorted { ($0.version, $0.fileName) < ($1.version, $1.fileName) }
        try self.checkSequence(migrations, directory: directory)
        return migrations
    }

    private static func checkSequence(_ migrations: [Migration], directory: URL) throws {
        for (offset, migration) in migrations.enumerated() {
            let expected = offset + 1
            if offset > 0, migrations[offset - 1].version == migration.version {
                throw StoreError(
                    kind: .migrationInvalid,
                    message: "migrations \(migrations[offset - 1].fileName) and \(migration.fileName) in "
                        + "\(directory.path) have the same version \(migration.version); renumber one of them"
                )
            }
            if migration.version != expected {
                throw StoreError(
                    kind: .migrationInvalid,
                    message: "migration version \(expected) is missing in \(directory.path): the next file is "
                        + "\(migration.fileName); versions must run 1, 2, 3, … without gaps"
                )
            }
        }
    }

    static func appliedMigrations(in connection: Connection) throws -> [AppliedMigration] {
        let exists = try connection.queryFirst(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        )
        guard exists != nil else {
            return []
        }
        return try connection.query(
            "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"
        ).map(Self.appliedMigration(from:))
    }

    static func record(version: Int, in connection: Connection) throws -> AppliedMigration? {
        try connection.queryFirst(
            "SELECT version, name, checksum, applied_at FROM schema_migrations WHERE version = ?",
            [.integer(version)]
        ).map(Self.appliedMigration(from:))
    }

    private static func appliedMigration(from row: Row) throws -> AppliedMigration {
        AppliedMigration(
            version: Int(try row.int64(0)),
            name: try row.string(1),
            checksum: try row.string(2),
            appliedAt: try row.string(3)
        )
    }

    /// Splits the folder into applied and pending after checking each applied record against its file.
    static func compare(
        applied: [AppliedMigration],
        with migrations: [Migration],
        directory: URL
    ) throws -> MigrationStatus {
        let byVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for record in applied {
            guard let migration = byVersion[record.version] else {
                throw StoreError(
                    kind: .migrationUnknown,
                    message: "the database has migration \(record.version) (\(record.name)) applied, but "
                        + "\(directory.path) has no file for it; run a build at least as new as the database"
                )
            }
            try self.check(record, against: migration)
        }
        let appliedVersions = Set(applied.map(\.version))
        return MigrationStatus(applied: applied, pending: migrations.filter { !appliedVersions.contains($0.version) })
    }

    /// Throws when the file of an applied migration was edited or renamed since it was applied.
    static func check(_ record: AppliedMigration, against migration: Migration) throws {
        guard record.checksum != migration.checksum || record.name != migration.name else {
            return
        }
        throw StoreError(
            kind: .migrationChecksumMismatch,
            message: "migration file \(migration.fileName) changed after it was applied (recorded \(record.name) "
                + "with SHA-256 \(record.checksum), file now has \(migration.checksum)); restore the file and "
                + "put new changes in a new migration"
        )
    }
}
