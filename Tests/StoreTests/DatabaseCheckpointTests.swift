import Foundation
import Synchronization
import Testing

@testable import Store

/// A flag the readers of a test poll until the writes are done.
private final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { self.value.load(ordering: .relaxed) }

    func set() {
        self.value.store(true, ordering: .relaxed)
    }
}

/// The WAL file under writes while readers never pause: passive checkpoints alone cannot reset a WAL that
/// some reader is always inside (checkpoint starvation), so it would grow for as long as the load lasts.
@Suite struct DatabaseCheckpointTests {
    @Test(.timeLimit(.minutes(1)))
    func walStaysBoundedUnderConstantReads() async throws {
        try await withTemporaryDatabase { database, directory in
            try await database.write { try $0.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)") }
            let stop = StopFlag()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<database.configuration.readerCount {
                    group.addTask {
                        while !stop.isSet {
                            _ = try await database.read { try $0.queryFirst("SELECT sum(length(data)) FROM blobs") }
                        }
                    }
                }
                // 6,000 commits of a 2 KiB row each: about 66 MB of WAL without a checkpoint that resets it
                // (3,000 made 33 MB). With one every 256 commits, each interval takes about 3 MB, and more when
                // checkpoints time out: 25 MB with two test suites running at once on two cores.
                let row = SQLiteValue.blob([UInt8](repeating: 7, count: 2_048))
                for _ in 0..<6_000 {
                    try await database.write { try $0.execute("INSERT INTO blobs (data) VALUES (?)", [row]) }
                }
                stop.set()
                try await group.waitForAll()
            }
            let wal = directory.appendingPathComponent("test.sqlite-wal").path
            let size = try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int ?? 0
            // Half of the size without resets: starvation reaches it, slow checkpoints do not.
            #expect(size < 33 * 1024 * 1024, "the WAL file grew to \(size) bytes")
        }
    }
}
