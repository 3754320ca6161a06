import Foundation
import Testing

@testable import Store

@Suite("MigrationRunner")
struct MigrationRunnerTests {
    private static let first = "CREATE TABLE one (id INTEGER PRIMARY KEY);\n"
    private static let second = "CREATE TABLE two (id INTEGER PRIMARY KEY);\nINSERT INTO two (id) VALUES (1);\n"

    @discardableResult
    private func withMigrations<T>(
        _ files: [String: String],
        _ body: (Database, URL, MigrationRunner) async throws -> T
    ) async throws -> T {
        try await withTemporaryDatabase { database, directory in
            let folder = directory.appendingPathComponent("Migrations")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try writeFiles(files, to: folder)
            return try await body(database, folder, MigrationRunner(database: database, directory: folder))
        }
    }

    private func tableNames(_ database: Database) async throws -> [String] {
        try await database.read { connection in
            try connection.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                .map { try $0.string(0) }
        }
    }

    @Test("fresh file applies every migration in order")
    func freshFile() async throws {
        try await withMigrations(["0002_two.sql": Self.second, "0001_one.sql": Self.first]) { database, _, runner in
            let before = try await runner.status()
            let applied = try await runner.migrate()
            let after = try await runner.status()
            #expect(before.pending.map(\.version) == [1, 2])
            #expect(before.isCurrent == false)
            #expect(applied.map(\.fileName) == ["0001_one.sql", "0002_two.sql"])
            #expect(after.isCurrent)
            #expect(after.currentVersion == 2)
            #expect(after.applied.map(\.name) == ["one", "two"])
            #expect(try await self.tableNames(database) == ["one", "schema_migrations", "two"])
        }
    }

    @Test("recorded checksum is the SHA-256 of the file")
    func checksumRecorded() async throws {
        try await withMigrations(["0001_one.sql": Self.first]) { _, _, runner in
            try await runner.migrate()
            let record = try #require(try await runner.status().applied.first)
            // printf 'CREATE TABLE one (id INTEGER PRIMARY KEY);\n' | sha256sum
            #expect(record.checksum == "cfb6b054c6382b37bf5f99015803c0ac79ce58c206382adc39b642a74b3a704f")
            #expect(record.appliedAt.hasSuffix("Z"))
        }
    }

    @Test("rerun applies nothing")
    func rerun() async throws {
        try await withMigrations(["0001_one.sql": Self.first, "0002_two.sql": Self.second]) { database, _, runner in
            try await runner.migrate()
            let again = try await runner.migrate()
            let rows = try await database.read { try $0.queryFirst("SELECT count(*) FROM two")?.int64(0) }
            #expect(again.isEmpty)
            #expect(rows == 1)
        }
    }

    @Test("new file applies after earlier ones")
    func incremental() async throws {
        try await withMigrations(["0001_one.sql": Self.first]) { _, folder, runner in
            try await runner.migrate()
            try writeFiles(["0002_two.sql": Self.second], to: folder)
            let status = try await runner.status()
            let applied = try await runner.migrate()
            #expect(status.pending.map(\.version) == [2])
            #expect(status.currentVersion == 1)
            #expect(status.latestVersion == 2)
            #expect(applied.map(\.version) == [2])
        }
    }

    @Test("two processes migrating at once apply each file once")
    func concurrentMigrate() async throws {
        try await withMigrations(["0001_one.sql": Self.first, "0002_two.sql": Self.second]) {
            database,
            folder,
            runner in
            let other = try await Database.open(path: database.path)
            let otherRunner = MigrationRunner(database: other, directory: folder)
            async let mine = runner.migrate()
            async let theirs = otherRunner.migrate()
            let applied = try await mine.map(\.version) + theirs.map(\.version)
            let rows = try await database.read { try $0.queryFirst("SELECT count(*) FROM two")?.int64(0) }
            await other.close()
            // Both runners may list a file as pending, but the one that loses the lock finds it recorded.
            #expect(applied.sorted() == [1, 2])
            #expect(rows == 1)
            #expect(try await runner.status().isCurrent)
        }
    }

    @Test("tampered applied file is rejected by name")
    func tamperedFile() async throws {
        try await withMigrations(["0001_one.sql": Self.first, "0002_two.sql": Self.second]) { _, folder, runner in
            try await runner.migrate()
            try writeFiles(["0001_one.sql": Self.first + "-- edited\n"], to: folder)
            let error = await #expect(throws: StoreError.self) { try await runner.migrate() }
            #expect(error?.kind == .migrationChecksumMismatch)
            #expect(error?.message.contains("0001_one.sql") == true)
            let statusError = await #expect(throws: StoreError.self) { try await runner.status() }
            #expect(statusError?.kind == .migrationChecksumMismatch)
        }
    }

    @Test("gap in numbering is rejected")
    func gap() async throws {
        try await withMigrations(["0001_one.sql": Self.first, "0003_three.sql": Self.second]) { database, _, runner in
            let error = await #expect(throws: StoreError.self) { try await runner.migrate() }
            #expect(error?.kind == .migrationInvalid)
            #expect(error?.message.contains("version 2 is missing") == true)
            #expect(error?.message.contains("0003_three.sql") == true)
            // Nothing is applied from a folder that fails the check.
            let tables = try await self.tableNames(database)
            #expect(tables.contains("one") == false)
        }
    }

    @Test("folder not starting at 1 is rejected")
    func missingFirst() async throws {
        try await withMigrations(["0002_two.sql": Self.second]) { _, _, runner in
            let error = await #expect(throws: StoreError.self) { try await runner.migrations() }
            #expect(error?.message.contains("version 1 is missing") == true)
        }
    }

    @Test("duplicate version is rejected")
    func duplicate() async throws {
        let files = ["0001_one.sql": Self.first, "0002_two.sql": Self.second, "0002_other.sql": Self.second]
        try await withMigrations(files) { _, _, runner in
            let error = await #expect(throws: StoreError.self) { try await runner.migrate() }
            #expect(error?.kind == .migrationInvalid)
            #expect(error?.message.contains("0002_other.sql") == true)
            #expect(error?.message.contains("0002_two.sql") == true)
        }
    }

    @Test("badly named file is rejected")
    func badName() async throws {
        try await withMigrations(["0001_one.sql": Self.first, "2_Two.sql": Self.second]) { _, _, runner in
            let error = await #expect(throws: StoreError.self) { try await runner.migrations() }
            #expect(error?.kind == .migrationInvalid)
            #expect(error?.message.contains("2_Two.sql") == true)
        }
    }

    @Test("failing migration rolls back and is not recorded")
    func failingMigration() async throws {
        let broken = "CREATE TABLE partial (id INTEGER);\nINSERT INTO missing_table VALUES (1);\n"
        try await withMigrations(["0001_one.sql": Self.first, "0002_broken.sql": broken]) { database, _, runner in
            let error = await #expect(throws: StoreError.self) { try await runner.migrate() }
            let status = try await runner.status()
            let tables = try await self.tableNames(database)
            #expect(error?.message.contains("missing_table") == true)
            #expect(status.currentVersion == 1)
            #expect(status.pending.map(\.version) == [2])
            #expect(tables.contains("partial") == false)
        }
    }

    @Test("applied version missing from folder is rejected")
    func unknownApplied() async throws {
        try await withMigrations(["0001_one.sql": Self.first, "0002_two.sql": Self.second]) { _, folder, runner in
            try await runner.migrate()
            try FileManager.default.removeItem(at: folder.appendingPathComponent("0002_two.sql"))
            let error = await #expect(throws: StoreError.self) { try await runner.status() }
            #expect(error?.kind == .migrationUnknown)
            #expect(error?.message.contains("migration 2 (two)") == true)
        }
    }

    @Test("project migrations apply to a fresh file")
    func projectMigrations() async throws {
        let folder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Migrations")
        try await withTemporaryDatabase { database, _ in
            let runner = MigrationRunner(database: database, directory: folder)
            let applied = try await runner.migrate()
            let status = try await runner.status()
            #expect(applied.isEmpty == false)
            #expect(status.isCurrent)
            #expect(try await database.integrityCheck() == ["ok"])
        }
    }
}
