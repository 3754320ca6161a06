import Synchronization

/// Read workers handed out one per caller; callers wait in order when every worker is busy.
final class ReaderPool: Sendable {
    private struct State {
        var idle: [Int]
        var waiters: [CheckedContinuation<Int, Never>] = []
    }

    private let workers: [ConnectionWorker]
    private let state: Mutex<State>

    init(workers: [ConnectionWorker]) {
        self.workers = workers
        self.state = Mutex(State(idle: Array(workers.indices)))
    }

    /// Runs `body` on an idle reader, waiting for one to come free first when needed.
    func run<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        let index = await self.acquire()
        defer { self.release(index) }
        return try await self.workers[index].run(body)
    }

    func closeAll() async {
        for worker in self.workers {
            await worker.close()
        }
    }

    private func acquire() async -> Int {
        await withCheckedContinuation { continuation in
            let index = self.state.withLock { state -> Int? in
                if let index = state.idle.popLast() {
                    return index
                }
                state.waiters.append(continuation)
                return nil
            }
            if let index {
                continuation.resume(returning: index)
            }
        }
    }

    private func release(_ index: Int) {
        let waiter = self.state.withLock { state -> CheckedContinuation<Int, Never>? in
            if state.waiters.isEmpty {
                state.idle.append(index)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: index)
    }
}
