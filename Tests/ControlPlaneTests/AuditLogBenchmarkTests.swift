import Foundation
import Store
import Testing

@testable import ControlPlane

/// Times audit queries over a large log. Runs only when `ECP_BENCH_AUDIT_DB` names a database file;
/// bench/audit-query.sh sets it and fills the file once, so reruns time the queries alone.
@Suite(
    "AuditLog query benchmark",
    .enabled(if: ProcessInfo.processInfo.environment["ECP_BENCH_AUDIT_DB"] != nil),
    .serialized
)
struct AuditLogBenchmarkTests {
    private static let environment = ProcessInfo.processInfo.environment
    private static let rowCount = Int(environment["ECP_BENCH_AUDIT_ROWS"] ?? "") ?? 1_000_000
    private static let repetitions = Int(environment["ECP_BENCH_AUDIT_REPETITIONS"] ?? "") ?? 20
    private static let actors = (0..<20).map { "actor-\($0)" }
    private static let actions = [
        "repository.create", "repository.update", "repository.delete", "lifecycle-policy.put", "policy.put",
        "replication-job.create", "replication-job.cancel", "cleanup-run.apply", "token.create", "token.revoke",
    ]

    @Test("query times over a large log")
    func queryTimes() async throws {
        let path = try #require(Self.environment["ECP_BENCH_AUDIT_DB"])
        let database = try await Database.open(path: path)
        try await MigrationRunner(database: database, directory: AuditTestDatabase.migrations).migrate()
        let log = AuditLog(database: database)
        try await self.fill(log, database: database)

        let deepCursor = AuditCursor.encode(lastId: 1_000)
        let actorCursor = try await self.cursor(log, filter: AuditFilter(actor: "actor-3"), pages: 200)
        let cases: [(String, @Sendable () async throws -> Int)] = [
            ("first page, no filter", { try await log.list(limit: 50).items.count }),
            ("deep cursor page (id < 1000)", { try await log.list(limit: 50, cursor: deepCursor).items.count }),
            ("actor filter, first page", { try await log.list(filter: AuditFilter(actor: "actor-3")).items.count }),
            (
                "actor filter, page 201",
                {
                    try await log.list(filter: AuditFilter(actor: "actor-3"), cursor: actorCursor).items.count
                }
            ),
            (
                "action filter, first page",
                {
                    try await log.list(filter: AuditFilter(action: "token.revoke")).items.count
                }
            ),
            (
                "target prefix team-42/ (narrow)",
                {
                    try await log.list(filter: AuditFilter(targetPrefix: "team-42/")).items.count
                }
            ),
            (
                "target prefix team-1 (about 11% of rows)",
                {
                    try await log.list(filter: AuditFilter(targetPrefix: "team-1")).items.count
                }
            ),
            (
                "target prefix team- (every row)",
                {
                    try await log.list(filter: AuditFilter(targetPrefix: "team-")).items.count
                }
            ),
            ("outcome failed, first page", { try await log.list(filter: AuditFilter(outcome: .failed)).items.count }),
            (
                "actor + outcome failed",
                {
                    try await log.list(filter: AuditFilter(actor: "actor-10", outcome: .failed)).items.count
                }
            ),
            ("history of team-42/app-7", { try await log.history(of: "team-42/app-7").items.count }),
        ]
        var lines = ["| query | rows returned | median ms | p95 ms |", "|---|---:|---:|---:|"]
        for (name, run) in cases {
            let (count, median, p95) = try await self.time(run)
            lines.append("| \(name) | \(count) | \(Self.format(median)) | \(Self.format(p95)) |")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let verification = try await log.verify()
        let verifySeconds = Self.seconds(start.duration(to: clock.now))
        lines.append("")
        lines.append(
            "verify: \(verification.checkedCount) rows, intact \(verification.intact), "
                + "\(Self.format(verifySeconds)) s, peak RSS \(Self.peakResidentKilobytes() / 1024) MiB"
        )
        lines.append(try await self.authenticationTime(database: database, log: log))
        lines.append(try await self.standaloneAppendRate(log))
        print(lines.joined(separator: "\n"))
        await database.close()
        #expect(verification.intact)
        // Reruns reuse the file, which grows by the appends timed above.
        #expect(verification.checkedCount >= Self.rowCount)
    }

    /// Appends rows until the log contains `rowCount`, 10,000 per write transaction, and prints the rate.
    private func fill(_ log: AuditLog, database: Database) async throws {
        let existing = try await database.read { try $0.queryFirst("SELECT count(*) FROM audit_events")!.int64(0) }
        guard existing < Self.rowCount else {
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        let base = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
        var next = Int(existing)
        while next < Self.rowCount {
            let batch = next..<min(next + 10_000, Self.rowCount)
            try await database.write { connection in
                for index in batch {
                    try log.append(Self.entry(index, base: base), in: connection)
                }
            }
            next = batch.upperBound
        }
        let seconds = Self.seconds(start.duration(to: clock.now))
        let rate = Double(Self.rowCount - Int(existing)) / seconds
        print("fill: \(Self.rowCount - Int(existing)) rows in \(Self.format(seconds)) s (\(Int(rate)) rows/s)")
    }

    /// Returns a deterministic row: 20 actors, 10 actions, 500 teams × 10 apps, a sub-target on every third row,
    /// 2% failures, and one row every 100 ms.
    private static func entry(_ index: Int, base: Date) -> AuditEntry {
        let repository = "team-\(index % 500)/app-\(index / 500 % 10)"
        let target = index % 3 == 0 ? repository + "/lifecycle-policy" : repository
        let failure = index % 50 == 0 ? AuditFailure(code: "ThrottlingException", message: "Rate exceeded") : nil
        return AuditEntry(
            actor: self.actors[(index * 7) % self.actors.count],
            action: self.actions[index % self.actions.count],
            target: target,
            requestId: "req-\(index)",
            failure: failure,
            before: index % 4 == 0 ? "{\"scanOnPush\":false,\"imageTagMutability\":\"MUTABLE\"}" : nil,
            after: failure == nil ? "{\"scanOnPush\":true,\"imageTagMutability\":\"IMMUTABLE\"}" : nil,
            time: base.addingTimeInterval(Double(index) / 10)
        )
    }

    /// Authenticates one token many times, one call after another, and returns the mean time per call.
    private func authenticationTime(database: Database, log: AuditLog) async throws -> String {
        let service = TokenService(database: database, auditLog: log)
        let name = "bench-\(UInt32.random(in: 0...UInt32.max))"
        let issued = try await service.create(name: name, role: .viewer, actor: "bench", requestId: nil)
        let calls = 10_000
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<calls {
            _ = try await service.authenticate(bearer: issued.token)
        }
        let perCall = Self.seconds(start.duration(to: clock.now)) / Double(calls) * 1_000_000
        try await service.revoke(.id(issued.info.id), actor: "bench", requestId: nil)
        return "authenticate: \(calls) sequential calls, \(Self.format(perCall)) µs per call"
    }

    /// Appends rows one transaction each, one after another, as single API changes do, and returns the rate.
    private func standaloneAppendRate(_ log: AuditLog) async throws -> String {
        let appends = 2_000
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<appends {
            try await log.append(Self.entry(index, base: Date()))
        }
        let seconds = Self.seconds(start.duration(to: clock.now))
        return "append: \(appends) sequential single-row transactions, \(Int(Double(appends) / seconds)) rows/s, "
            + "\(Self.format(seconds / Double(appends) * 1_000_000)) µs each"
    }

    private func cursor(_ log: AuditLog, filter: AuditFilter, pages: Int) async throws -> String? {
        var cursor: String?
        for _ in 0..<pages {
            cursor = try await log.list(filter: filter, cursor: cursor).next
        }
        return cursor
    }

    /// Runs `body` once to warm the statement cache, then `repetitions` times, and returns (rows, median, p95) in ms.
    private func time(_ body: @Sendable () async throws -> Int) async throws -> (Int, Double, Double) {
        let count = try await body()
        let clock = ContinuousClock()
        var samples = [Double]()
        for _ in 0..<Self.repetitions {
            let start = clock.now
            _ = try await body()
            samples.append(Self.seconds(start.duration(to: clock.now)) * 1000)
        }
        samples.sort()
        let p95 = samples[min(samples.count - 1, Int((Double(samples.count) * 0.95).rounded(.up)) - 1)]
        return (count, samples[samples.count / 2], p95)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func format(_ value: Double) -> String {
        String(format: value < 10 ? "%.2f" : "%.1f", value)
    }

    /// Returns the process's peak resident set size from /proc/self/status (Linux), in KiB; 0 elsewhere.
    private static func peakResidentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else {
            return 0
        }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
