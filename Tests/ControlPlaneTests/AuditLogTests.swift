import Foundation
import Store
import Testing

@testable import ControlPlane

/// A database file with the project's migrations applied, in a temporary folder removed afterwards.
enum AuditTestDatabase {
    static let migrations = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Migrations")

    @discardableResult
    static func with<T>(_ body: (Database, String) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("ecp-control-plane-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("control-plane.sqlite").path
        let database = try await Database.open(path: path)
        do {
            try await MigrationRunner(database: database, directory: self.migrations).migrate()
            let result = try await body(database, path)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    /// Runs `sql` through a second, independent connection to the file, as an outside tool would.
    static func tamper(path: String, _ sql: String) async throws {
        let outside = try await Database.open(path: path, configuration: Database.Configuration(readerCount: 1))
        try await outside.write { try $0.execute(sql) }
        await outside.close()
    }
}

@Suite("AuditLog")
struct AuditLogTests {
    private func entry(
        _ index: Int,
        actor: String = "admin-token",
        action: String = "repository.create",
        target: String? = nil,
        failure: AuditFailure? = nil,
        time: Date = Date()
    ) -> AuditEntry {
        AuditEntry(
            actor: actor,
            action: action,
            target: target ?? "team/app-\(index)",
            requestId: "req-\(index)",
            failure: failure,
            before: nil,
            after: "{\"name\":\"team/app-\(index)\"}",
            time: time
        )
    }

    private func fill(_ log: AuditLog, count: Int) async throws {
        for index in 1...count {
            try await log.append(self.entry(index))
        }
    }

    /// Pages through `filter` and returns every id seen.
    private func allIds(_ log: AuditLog, filter: AuditFilter = AuditFilter(), limit: Int = 50) async throws -> [Int64] {
        var ids = [Int64]()
        var cursor: String?
        repeat {
            let page = try await log.list(filter: filter, limit: limit, cursor: cursor)
            ids += page.items.map(\.id)
            cursor = page.next
        } while cursor != nil
        return ids
    }

    @Test("append chains rows from genesis")
    func chaining() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            let first = try await log.append(self.entry(1))
            let second = try await log.append(self.entry(2))
            #expect(first.id == 1)
            #expect(second.id == 2)
            #expect(first.previousHash == AuditChain.genesisHash)
            #expect(second.previousHash == first.hash)
            #expect(first.hash.count == 64)
            #expect(AuditChain.expectedHash(of: second) == second.hash)
        }
    }

    @Test("stored event matches appended event")
    func storedEvent() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            let time = Date(timeIntervalSince1970: 1_796_400_000.5)
            let failure = AuditFailure(code: "RepositoryAlreadyExistsException", message: "exists")
            let appended = try await log.append(self.entry(1, failure: failure, time: time))
            let stored = try #require(try await log.event(id: appended.id))
            #expect(stored == appended)
            #expect(stored.time == "2026-12-04T16:00:00.500Z")
            #expect(stored.outcome == .failed)
            #expect(stored.failure == failure)
            #expect(stored.requestId == "req-1")
            #expect(stored.after == "{\"name\":\"team/app-1\"}")
            #expect(stored.before == nil)
            let missing = try await log.event(id: 999)
            #expect(missing == nil)
        }
    }

    @Test("JSON object embeds before and after")
    func jsonObject() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            let failure = AuditFailure(code: "conflict", message: "exists")
            let failed = try await log.append(self.entry(1, failure: failure))
            let plain = try await log.append(
                AuditEntry(actor: "cli", action: "token.create", target: "token:x", requestId: nil, after: "not json")
            )
            let data = try JSONSerialization.data(withJSONObject: failed.jsonObject(), options: [.sortedKeys])
            let decoded = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let after = decoded["after"] as? [String: Any]
            let error = decoded["error"] as? [String: Any]
            let plainObject = plain.jsonObject()
            #expect(decoded["id"] as? Int == 1)
            #expect(decoded["outcome"] as? String == "failed")
            #expect(after?["name"] as? String == "team/app-1")
            #expect(decoded["before"] is NSNull)
            #expect(error?["code"] as? String == "conflict")
            #expect(plainObject["after"] as? String == "not json")
            #expect(plainObject["requestId"] is NSNull)
            #expect(plainObject["error"] is NSNull)
        }
    }

    @Test("append requires an open transaction")
    func appendOutsideTransaction() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            let error = await #expect(throws: AuditLogError.self) {
                try await database.writeWithoutTransaction { try log.append(self.entry(1), in: $0) }
            }
            #expect(error?.kind == .notInTransaction)
        }
    }

    @Test("append rolls back with the caller's transaction")
    func appendRollsBack() async throws {
        struct ChangeFailed: Error {}
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            try await log.append(self.entry(1))
            await #expect(throws: ChangeFailed.self) {
                try await database.write { connection in
                    try log.append(self.entry(2), in: connection)
                    throw ChangeFailed()
                }
            }
            let next = try await log.append(self.entry(3))
            let page = try await log.list()
            let verification = try await log.verify()
            #expect(next.id == 2)
            #expect(page.items.map(\.requestId) == ["req-3", "req-1"])
            #expect(verification.intact)
        }
    }

    @Test("concurrent appends form one chain")
    func concurrentAppends() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 1...100 {
                    group.addTask { try await log.append(self.entry(index)) }
                }
                try await group.waitForAll()
            }
            let verification = try await log.verify()
            let ids = try await self.allIds(log)
            #expect(verification.intact)
            #expect(verification.checkedCount == 100)
            #expect(ids == Array((1...100).reversed()))
        }
    }

    @Test("two processes appending form one chain")
    func twoProcessesAppend() async throws {
        try await AuditTestDatabase.with { database, path in
            let other = try await Database.open(path: path, configuration: Database.Configuration(readerCount: 1))
            let logs = [AuditLog(database: database), AuditLog(database: other)]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 1...60 {
                    group.addTask { try await logs[index % 2].append(self.entry(index)) }
                }
                try await group.waitForAll()
            }
            await other.close()
            let verification = try await logs[0].verify()
            #expect(verification.intact)
            #expect(verification.checkedCount == 60)
        }
    }

    @Test("verify passes on an intact chain")
    func verifyIntact() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            let empty = try await log.verify()
            try await self.fill(log, count: 40)
            let full = try await log.verify()
            #expect(empty == AuditVerification(intact: true, checkedCount: 0))
            #expect(full == AuditVerification(intact: true, checkedCount: 40))
        }
    }

    @Test("verify catches an edited row")
    func verifyEdited() async throws {
        try await AuditTestDatabase.with { database, path in
            let log = AuditLog(database: database)
            try await self.fill(log, count: 20)
            try await AuditTestDatabase.tamper(path: path, "UPDATE audit_events SET actor = 'mallory' WHERE id = 7")
            let verification = try await log.verify()
            #expect(verification.intact == false)
            #expect(verification.firstBrokenId == 7)
            #expect(verification.checkedCount == 6)
            #expect(verification.reason?.contains("edited") == true)
        }
    }

    @Test("verify catches an edited JSON column")
    func verifyEditedJSON() async throws {
        try await AuditTestDatabase.with { database, path in
            let log = AuditLog(database: database)
            try await self.fill(log, count: 5)
            try await AuditTestDatabase.tamper(path: path, "UPDATE audit_events SET after_json = NULL WHERE id = 3")
            let verification = try await log.verify()
            #expect(verification.intact == false)
            #expect(verification.firstBrokenId == 3)
        }
    }

    @Test("verify catches a deleted row")
    func verifyDeleted() async throws {
        try await AuditTestDatabase.with { database, path in
            let log = AuditLog(database: database)
            try await self.fill(log, count: 20)
            try await AuditTestDatabase.tamper(path: path, "DELETE FROM audit_events WHERE id = 12")
            let verification = try await log.verify()
            #expect(verification.intact == false)
            #expect(verification.firstBrokenId == 13)
            #expect(verification.checkedCount == 11)
            #expect(verification.reason?.contains("removed") == true)
        }
    }

    @Test("verify catches a deleted first row")
    func verifyDeletedFirst() async throws {
        try await AuditTestDatabase.with { database, path in
            let log = AuditLog(database: database)
            try await self.fill(log, count: 3)
            try await AuditTestDatabase.tamper(path: path, "DELETE FROM audit_events WHERE id = 1")
            let verification = try await log.verify()
            #expect(verification.intact == false)
            #expect(verification.firstBrokenId == 2)
            #expect(verification.checkedCount == 0)
        }
    }

    @Test("verify catches removed newest rows")
    func verifyTruncated() async throws {
        try await AuditTestDatabase.with { database, path in
            let log = AuditLog(database: database)
            try await self.fill(log, count: 10)
            try await AuditTestDatabase.tamper(path: path, "DELETE FROM audit_events WHERE id >= 9")
            let verification = try await log.verify()
            #expect(verification.intact == false)
            #expect(verification.firstBrokenId == 9)
            #expect(verification.checkedCount == 8)
            #expect(verification.reason?.contains("newest rows were removed") == true)
        }
    }

    @Test("filters by actor, action and outcome")
    func filters() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            let failure = AuditFailure(code: "conflict", message: "exists")
            try await log.append(self.entry(1, actor: "alice", action: "repository.create"))
            try await log.append(self.entry(2, actor: "bob", action: "repository.create"))
            try await log.append(self.entry(3, actor: "alice", action: "token.create", failure: failure))
            try await log.append(self.entry(4, actor: "alice", action: "repository.create"))
            let byActor = try await log.list(filter: AuditFilter(actor: "alice"))
            let byAction = try await log.list(filter: AuditFilter(action: "repository.create"))
            let failed = try await log.list(filter: AuditFilter(outcome: .failed))
            let combined = try await log.list(filter: AuditFilter(actor: "alice", action: "repository.create"))
            let none = try await log.list(filter: AuditFilter(actor: "carol"))
            #expect(byActor.items.map(\.id) == [4, 3, 1])
            #expect(byAction.items.map(\.id) == [4, 2, 1])
            #expect(failed.items.map(\.id) == [3])
            #expect(combined.items.map(\.id) == [4, 1])
            #expect(none.items.isEmpty)
            #expect(none.next == nil)
        }
    }

    @Test("filters by target prefix")
    func targetPrefix() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            let targets = ["team/app", "team/app/policy", "team/apple", "teams/x", "other", "café/x", "caff"]
            for (index, target) in targets.enumerated() {
                try await log.append(self.entry(index, target: target))
            }
            let team = try await log.list(filter: AuditFilter(targetPrefix: "team/"))
            let app = try await log.list(filter: AuditFilter(targetPrefix: "team/app"))
            let accented = try await log.list(filter: AuditFilter(targetPrefix: "caf\u{E9}"))
            let everything = try await log.list(filter: AuditFilter(targetPrefix: ""))
            #expect(team.items.map(\.target) == ["team/apple", "team/app/policy", "team/app"])
            #expect(app.items.map(\.target) == ["team/apple", "team/app/policy", "team/app"])
            #expect(accented.items.map(\.target) == ["café/x"])
            #expect(everything.items.count == targets.count)
        }
    }

    @Test("wide target prefix pages correctly")
    func wideTargetPrefix() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            let rowCount = AuditSQL.narrowTargetLimit * 2
            // Two of three rows fall under "wide/", enough to take the newest-first walk instead of the index.
            try await database.write { connection in
                for index in 1...rowCount {
                    let target = index % 3 == 0 ? "narrow/app" : "wide/app-\(index % 7)"
                    try log.append(self.entry(index, target: target), in: connection)
                }
            }
            let wideExpected = (1...rowCount).reversed().filter { $0 % 3 != 0 }.map { Int64($0) }
            let narrowExpected = (1...rowCount).reversed().filter { $0 % 3 == 0 }.map { Int64($0) }
            let wide = try await self.allIds(log, filter: AuditFilter(targetPrefix: "wide/"), limit: 500)
            let narrow = try await self.allIds(log, filter: AuditFilter(targetPrefix: "narrow/"), limit: 500)
            let history = try await log.history(of: "wide/app-1", limit: 3)
            #expect(wide == wideExpected)
            #expect(narrow == narrowExpected)
            #expect(history.items.map(\.target) == ["wide/app-1", "wide/app-1", "wide/app-1"])
        }
    }

    @Test("prefix upper bound is the next scalar")
    func prefixUpperBound() {
        #expect(AuditSQL.upperBound(ofPrefix: "team/") == "team0")
        #expect(AuditSQL.upperBound(ofPrefix: "a\u{D7FF}") == "a\u{E000}")
        #expect(AuditSQL.upperBound(ofPrefix: "a\u{10FFFF}") == "b")
        #expect(AuditSQL.upperBound(ofPrefix: "\u{10FFFF}") == nil)
    }

    @Test("filters by time range")
    func timeRange() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            let base = Date(timeIntervalSince1970: 1_796_400_000)
            for index in 0..<5 {
                try await log.append(self.entry(index, time: base.addingTimeInterval(Double(index) * 60)))
            }
            let since = try await log.list(filter: AuditFilter(since: base.addingTimeInterval(120)))
            let until = try await log.list(filter: AuditFilter(until: base.addingTimeInterval(120)))
            let window = try await log.list(
                filter: AuditFilter(since: base.addingTimeInterval(60), until: base.addingTimeInterval(180))
            )
            #expect(since.items.map(\.id) == [5, 4, 3])
            #expect(until.items.map(\.id) == [2, 1])
            #expect(window.items.map(\.id) == [3, 2])
        }
    }

    @Test("cursor pages cover every row once")
    func paging() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            try await self.fill(log, count: 120)
            let first = try await log.list(limit: 50)
            let second = try await log.list(limit: 50, cursor: first.next)
            let third = try await log.list(limit: 50, cursor: second.next)
            #expect(first.items.map(\.id) == Array((71...120).reversed()))
            #expect(second.items.map(\.id) == Array((21...70).reversed()))
            #expect(third.items.map(\.id) == Array((1...20).reversed()))
            #expect(first.next != nil)
            #expect(third.next == nil)
        }
    }

    @Test("cursor paging is stable while inserting")
    func pagingWhileInserting() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            try await self.fill(log, count: 30)
            let first = try await log.list(limit: 10)
            try await self.fill(log, count: 15)
            let second = try await log.list(limit: 10, cursor: first.next)
            let rest = try await log.list(limit: 500, cursor: second.next)
            #expect(first.items.map(\.id) == Array((21...30).reversed()))
            #expect(second.items.map(\.id) == Array((11...20).reversed()))
            #expect(rest.items.map(\.id) == Array((1...10).reversed()))
            #expect(rest.next == nil)
        }
    }

    @Test("cursor paging with a filter")
    func pagingFiltered() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            for index in 1...30 {
                try await log.append(self.entry(index, actor: index % 3 == 0 ? "ci" : "human"))
            }
            let ids = try await self.allIds(log, filter: AuditFilter(actor: "ci"), limit: 4)
            #expect(ids == stride(from: 30, through: 3, by: -3).map { Int64($0) })
        }
    }

    @Test("invalid cursor is a typed error")
    func invalidCursor() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            let page = try await log.list(limit: 1)
            #expect(page.next == nil)
            for cursor in ["", "not-base64!", "YTE6", "YTE6LTE", "eDox", String(repeating: "A", count: 100)] {
                let error = await #expect(throws: AuditLogError.self) { try await log.list(cursor: cursor) }
                #expect(error?.kind == .invalidCursor)
            }
        }
    }

    @Test("limit is clamped to 1...500")
    func limitClamp() async throws {
        #expect(AuditPageSize.clamp(nil) == 50)
        #expect(AuditPageSize.clamp(0) == 1)
        #expect(AuditPageSize.clamp(-5) == 1)
        #expect(AuditPageSize.clamp(501) == 500)
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            try await self.fill(log, count: 3)
            let page = try await log.list(limit: 0)
            #expect(page.items.count == 1)
            #expect(page.next != nil)
        }
    }

    @Test("history includes sub-targets only")
    func history() async throws {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            let targets = [
                "team/app", "team/app/lifecycle-policy", "team/app-2", "team/apple", "team/app/policy", "team",
            ]
            for (index, target) in targets.enumerated() {
                try await log.append(self.entry(index, target: target))
            }
            let history = try await log.history(of: "team/app")
            let paged = try await log.history(of: "team/app", limit: 2)
            let next = try await log.history(of: "team/app", limit: 2, cursor: paged.next)
            #expect(history.items.map(\.target) == ["team/app/policy", "team/app/lifecycle-policy", "team/app"])
            #expect(paged.items.map(\.id) == [5, 2])
            #expect(next.items.map(\.id) == [1])
            #expect(next.next == nil)
        }
    }
}
