/// A lock that runs one change at a time, in arrival order, so the `If-Match` check and the AWS write of one
/// request are not interleaved with another request's through this server.
///
/// ECR has no conditional writes, so a writer outside this server can still change a document between the
/// check and the write.
public actor ChangeSerializer {
    private var isRunning = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// Runs `body` after every change that arrived before it has finished.
    public func run<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        if self.isRunning {
            await withCheckedContinuation { self.waiting.append($0) }
        }
        self.isRunning = true
        defer { self.resumeNext() }
        return try await body()
    }

    private func resumeNext() {
        if self.waiting.isEmpty {
            self.isRunning = false
        } else {
            // The resumed caller inherits `isRunning`, so no third caller can slip in between.
            self.waiting.removeFirst().resume()
        }
    }
}
