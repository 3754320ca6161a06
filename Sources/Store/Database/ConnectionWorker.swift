import Foundation

/// One connection confined to one dedicated thread, so its blocking sqlite3 calls never run on the Swift
/// concurrency pool.
///
/// Each worker has its own thread rather than a serial dispatch queue. Under reads at 64 connections,
/// libdispatch on Linux grew its worker threads for the database queues from 10 to 37 in one minute and
/// kept them while the load lasted. A fixed thread per connection keeps the count and its memory constant.
final class ConnectionWorker: Sendable {
    private let mailbox: Mailbox

    /// Opens the connection with `open` on the worker's own thread, so opening blocks no task either.
    init(label: String, open: @escaping @Sendable () throws -> Connection) async throws {
        let mailbox = Mailbox()
        let thread = Thread {
            // Set on the thread itself. Linux keeps at most 15 bytes of a thread name.
            Thread.current.name = label
            mailbox.drain()
        }
        thread.start()
        self.mailbox = mailbox
        do {
            try await mailbox.submit { box in box.connection = try open() }
        } catch {
            mailbox.stop()
            throw error
        }
    }

    /// Ends the thread after the blocks already queued, also when `close` was never called.
    deinit {
        self.mailbox.stop()
    }

    /// Runs `body` on the worker's thread with its connection and returns the result to the caller's task.
    func run<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await self.mailbox.submit { box in
            guard let connection = box.connection else {
                throw StoreError(kind: .closed, message: "the database is closed")
            }
            return try body(connection)
        }
    }

    /// Closes the connection after every block queued before this call has run, then ends the thread.
    func close() async {
        _ = try? await self.mailbox.submit { box in box.connection = nil }
        self.mailbox.stop()
    }
}

/// The queue of blocks for one worker thread, and the connection that only that thread touches.
///
/// `@unchecked Sendable`: `pending` and `stopping` are read and written only while `condition` is locked,
/// and `connection` only inside blocks, which run one at a time on the worker's thread.
private final class Mailbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [() -> Void] = []
    private var stopping = false
    var connection: Connection?

    /// Queues `work` for the worker's thread and returns its result, or throws `.closed` after `stop`.
    func submit<T: Sendable>(_ work: @escaping @Sendable (Mailbox) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            self.condition.lock()
            defer { self.condition.unlock() }
            guard !self.stopping else {
                continuation.resume(throwing: StoreError(kind: .closed, message: "the database is closed"))
                return
            }
            self.pending.append { continuation.resume(with: Result { try work(self) }) }
            self.condition.signal()
        }
    }

    /// Lets the thread finish the blocks already queued and exit.
    func stop() {
        self.condition.lock()
        self.stopping = true
        self.condition.signal()
        self.condition.unlock()
    }

    /// Runs queued blocks in order until `stop` was called and none is left. This is the thread's body.
    func drain() {
        while true {
            self.condition.lock()
            while self.pending.isEmpty && !self.stopping {
                self.condition.wait()
            }
            let batch = self.pending
            self.pending.removeAll(keepingCapacity: true)
            self.condition.unlock()
            if batch.isEmpty {
                // Stopped with nothing left. The connection is released here, on the thread that used it.
                self.connection = nil
                return
            }
            for work in batch {
                work()
            }
        }
    }
}
