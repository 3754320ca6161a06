import Foundation
import Synchronization
import Testing

@testable import Store

@Suite("Database")
struct DatabaseTests {
    private static let schema = """
        CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, size REAL, data BLOB);
        CREATE TABLE counters (id INTEGER PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO counters (id, value) VALUES (1, 0);
        CREATE TABLE parts (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES items (id));
        """

    /// Polls `flag` until a write body has set it, so the test acts only once the write lock is held.
    private static func waitUntil(_ flag: borrowing Atomic<Bool>) async throws {
        while !flag.load(ordering: .acquiring) {
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @discardableResult
    private func withSchema<T>(_ body: (Database) async throws -> T) async throws -> T {
        try await withTemporaryDatabase { database, _ in
            try await database.write { try $0.executeScript(Self.schema) }
            return try await body(database)
        }
    }

    @Test("opens in WAL mode with foreign keys on")
    func pragmas() async throws {
        try await withTemporaryDatabase { database, _ in
            let mode = try await database.read { try $0.queryFirst("PRAGMA journal_mode")?.string(0) }
            let foreignKeys = try await database.read { try $0.queryFirst("PRAGMA foreign_keys")?.int64(0) }
            let synchronous = try await database.writeWithoutTransaction {
                try $0.queryFirst("PRAGMA synchronous")?.int64(0)
            }
            #expect(mode == "wal")
            #expect(foreignKeys == 1)
            // SQLite reports NORMAL as 1.
            #expect(synchronous == 1)
        }
    }

    @Test("values round-trip through bind and read")
    func roundTrip() async throws {
        try await withSchema { database in
            let inputs: [(String, SQLiteValue, SQLiteValue)] = [
                ("plain", .real(1.5), .blob([0, 1, 255])),
                ("", .null, .blob([])),
                ("ünïcødé/名前\u{0}tail", .real(-0.25), .null),
            ]
            for (name, size, data) in inputs {
                try await database.write {
                    try $0.execute("INSERT INTO items (name, size, data) VALUES (?, ?, ?)", [.text(name), size, data])
                }
            }
            let rows = try await database.read { try $0.query("SELECT name, size, data FROM items ORDER BY id") }
            #expect(rows.count == 3)
            for (row, input) in zip(rows, inputs) {
                #expect(try row.string("name") == input.0)
                #expect(row[1] == input.1)
                #expect(row[2] == input.2)
            }
        }
    }

    @Test("integers keep 64 bits")
    func int64Range() async throws {
        try await withSchema { database in
            let values: [Int64] = [Int64.min, -1, 0, Int64.max]
            for value in values {
                try await database.write {
                    try $0.execute("INSERT INTO counters (value) VALUES (?)", [.integer(value)])
                }
            }
            let read = try await database.read {
                try $0.query("SELECT value FROM counters WHERE id > 1 ORDER BY id").map { try $0.int64(0) }
            }
            #expect(read == values)
        }
    }

    @Test("write rolls back when the body throws")
    func rollbackOnThrow() async throws {
        struct Abort: Error {}
        try await withSchema { database in
            await #expect(throws: Abort.self) {
                try await database.write { connection in
                    try connection.execute("INSERT INTO items (name) VALUES ('a')")
                    try connection.execute("UPDATE counters SET value = 99 WHERE id = 1")
                    throw Abort()
                }
            }
            let count = try await database.read { try $0.queryFirst("SELECT count(*) FROM items")?.int64(0) }
            let counter = try await database.read {
                try $0.queryFirst("SELECT value FROM counters WHERE id = 1")?.int64(0)
            }
            #expect(count == 0)
            #expect(counter == 0)
            // The writer is usable again after the rollback.
            try await database.write { try $0.execute("INSERT INTO items (name) VALUES ('b')") }
            let after = try await database.read { try $0.queryFirst("SELECT count(*) FROM items")?.int64(0) }
            #expect(after == 1)
        }
    }

    @Test("concurrent writes are serialized")
    func serializedWrites() async throws {
        try await withSchema { database in
            let writers = 200
            // Each write reads the counter and stores it plus one; interleaved writes would lose increments.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<writers {
                    group.addTask {
                        try await database.write { connection in
                            let value = try connection.queryFirst("SELECT value FROM counters WHERE id = 1")!.int64(0)
                            try connection.execute("UPDATE counters SET value = ? WHERE id = 1", [.integer(value + 1)])
                            try connection.execute("INSERT INTO items (name) VALUES (?)", [.text("item-\(index)")])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let counter = try await database.read {
                try $0.queryFirst("SELECT value FROM counters WHERE id = 1")?.int64(0)
            }
            let items = try await database.read { try $0.queryFirst("SELECT count(*) FROM items")?.int64(0) }
            #expect(counter == Int64(writers))
            #expect(items == Int64(writers))
        }
    }

    @Test("reads run while a write transaction is open")
    func readBesideWrite() async throws {
        try await withSchema { database in
            let release = DispatchSemaphore(value: 0)
            let started = Atomic(false)
            let writeTask = Task {
                try await database.write { connection in
                    try connection.execute("INSERT INTO items (name) VALUES ('pending')")
                    started.store(true, ordering: .releasing)
                    // Holds the write transaction open until the read below has finished.
                    return release.wait(timeout: .now() + 10) == .success
                }
            }
            try await Self.waitUntil(started)
            let visible = try await database.read { try $0.queryFirst("SELECT count(*) FROM items")?.int64(0) }
            release.signal()
            let writeSawRelease = try await writeTask.value
            let committed = try await database.read { try $0.queryFirst("SELECT count(*) FROM items")?.int64(0) }
            #expect(visible == 0)
            #expect(writeSawRelease)
            #expect(committed == 1)
        }
    }

    @Test("lock held by another connection times out as busy")
    func busyTimeout() async throws {
        try await withSchema { database in
            let other = try await Database.open(
                path: database.path,
                configuration: Database.Configuration(readerCount: 1, busyTimeoutMilliseconds: 100)
            )
            let release = DispatchSemaphore(value: 0)
            let started = Atomic(false)
            let holder = Task {
                try await database.write { connection in
                    try connection.execute("INSERT INTO items (name) VALUES ('held')")
                    started.store(true, ordering: .releasing)
                    return release.wait(timeout: .now() + 10) == .success
                }
            }
            try await Self.waitUntil(started)
            let error = await #expect(throws: StoreError.self) {
                try await other.write { try $0.execute("INSERT INTO items (name) VALUES ('blocked')") }
            }
            release.signal()
            _ = try await holder.value
            try await other.write { try $0.execute("INSERT INTO items (name) VALUES ('after')") }
            let names = try await other.read {
                try $0.query("SELECT name FROM items ORDER BY id").map { try $0.string(0) }
            }
            await other.close()
            #expect(error?.kind == .busy)
            #expect(error?.resultCode == 5)
            #expect(names == ["held", "after"])
        }
    }

    @Test("unique violation is typed")
    func uniqueViolation() async throws {
        try await withSchema { database in
            try await database.write { try $0.execute("INSERT INTO items (name) VALUES ('dup')") }
            let error = await #expect(throws: StoreError.self) {
                try await database.write { try $0.execute("INSERT INTO items (name) VALUES ('dup')") }
            }
            #expect(error?.kind == .constraint)
            #expect(error?.constraint == .unique)
            #expect(error?.isUniqueViolation == true)
            #expect(error?.resultCode == 19)
            #expect(error?.extendedResultCode == 2067)
            #expect(error?.sql == "INSERT INTO items (name) VALUES ('dup')")
        }
    }

    @Test("foreign key violation is typed")
    func foreignKeyViolation() async throws {
        try await withSchema { database in
            let error = await #expect(throws: StoreError.self) {
                try await database.write { try $0.execute("INSERT INTO parts (item_id) VALUES (42)") }
            }
            #expect(error?.kind == .constraint)
            #expect(error?.isForeignKeyViolation == true)
            #expect(error?.isUniqueViolation == false)
        }
    }

    @Test("not null violation is typed")
    func notNullViolation() async throws {
        try await withSchema { database in
            let error = await #expect(throws: StoreError.self) {
                try await database.write { try $0.execute("INSERT INTO items (name) VALUES (NULL)") }
            }
            #expect(error?.constraint == .notNull)
        }
    }

    @Test("syntax error carries the SQL and message")
    func syntaxError() async throws {
        try await withSchema { database in
            let error = await #expect(throws: StoreError.self) {
                try await database.read { try $0.query("SELEC nothing") }
            }
            #expect(error?.kind == .sqlite)
            #expect(error?.sql == "SELEC nothing")
            #expect(error?.message.contains("syntax error") == true)
        }
    }

    @Test("wrong parameter count is rejected")
    func parameterCount() async throws {
        try await withSchema { database in
            let error = await #expect(throws: StoreError.self) {
                try await database.write { try $0.execute("INSERT INTO items (name, size) VALUES (?, ?)", ["only"]) }
            }
            #expect(error?.message.contains("2 parameters") == true)
        }
    }

    @Test("reader connections reject writes")
    func readerIsQueryOnly() async throws {
        try await withSchema { database in
            await #expect(throws: StoreError.self) {
                try await database.read { try $0.execute("INSERT INTO items (name) VALUES ('x')") }
            }
        }
    }

    @Test("row iteration stops early")
    func iterationStops() async throws {
        try await withSchema { database in
            try await database.write { connection in
                for index in 0..<10 {
                    try connection.execute("INSERT INTO items (name) VALUES (?)", [.text("n\(index)")])
                }
            }
            let seen = try await database.read { connection in
                var names = [String]()
                try connection.forEachRow("SELECT name FROM items ORDER BY id") { row in
                    names.append(try row.string(0))
                    return names.count < 3
                }
                // The statement was reset, so the same SQL runs again from the start.
                let again = try connection.queryFirst("SELECT name FROM items ORDER BY id")?.string(0)
                return (names, again)
            }
            #expect(seen.0 == ["n0", "n1", "n2"])
            #expect(seen.1 == "n0")
        }
    }

    @Test("nested query of the same SQL works")
    func nestedSameStatement() async throws {
        try await withSchema { database in
            try await database.write { connection in
                try connection.execute("INSERT INTO items (name) VALUES ('a')")
                try connection.execute("INSERT INTO items (name) VALUES ('b')")
            }
            let pairs = try await database.read { connection in
                var pairs = 0
                try connection.forEachRow("SELECT id FROM items") { _ in
                    pairs += try connection.query("SELECT id FROM items").count
                    return true
                }
                return pairs
            }
            #expect(pairs == 4)
        }
    }

    @Test("row accessors reject wrong types")
    func decodingErrors() async throws {
        try await withSchema { database in
            let row = try await database.read { try $0.queryFirst("SELECT 'text' AS word, NULL AS empty") }
            let unwrapped = try #require(row)
            #expect(throws: StoreError.self) { try unwrapped.int64("word") }
            #expect(throws: StoreError.self) { try unwrapped.string("missing") }
            #expect(try unwrapped.optionalString("empty") == nil)
        }
    }

    @Test("calls after close fail with closed")
    func closed() async throws {
        try await withTemporaryDirectory { directory in
            let database = try await Database.open(path: directory.appendingPathComponent("c.sqlite").path)
            await database.close()
            let error = await #expect(throws: StoreError.self) {
                try await database.write { try $0.execute("CREATE TABLE t (x)") }
            }
            #expect(error?.kind == .closed)
        }
    }

    @Test("integrity check reports ok")
    func integrity() async throws {
        try await withSchema { database in
            let lines = try await database.integrityCheck()
            #expect(lines == ["ok"])
        }
    }
}
