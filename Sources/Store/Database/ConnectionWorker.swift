import Dispatch

/// One connection confined to one serial dispatch queue, so its blocking sqlite3 calls never run on
/// the Swift concurrency pool.
// @unchecked Sendable: `connection` is only touched from blocks running on `queue`, which is serial.
final class ConnectionWorker: @unchecked Sendable {
    private let queue: DispatchQueue
    private var connection: Connection?

    /// Opens the connection with `open` on the worker's own queue, so opening blocks no task either.
    init(label: String, open: @escaping @Sendable () throws -> Connection) async throws {
        self.queue = DispatchQueue(label: label)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            self.queue.async {
                continuation.resume(with: Result { self.connection = try open() })
            }
        }
    }

    /// Runs `body` on the worker's queue with its connection and returns the result to the caller's task.
    func run<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            self.queue.async {
                guard let connection = self.connection else {
                    continuation.resume(throwing: StoreError(kind: .closed, message: "the database is closed"))
                    return
                }
                continuation.resume(with: Result { try body(connection) })
            }
        }
    }

    /// Closes the connection after every block queued before this call has run.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            self.queue.async {
                self.connection = nil
                continuation.resume()
            }
        }
    }
}
