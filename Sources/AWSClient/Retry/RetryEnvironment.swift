import Foundation

/// The clock, sleep and random source of the retry loop and the signer, injectable so tests control time.
public struct RetryEnvironment: Sendable {
    /// Returns the current time; signatures and credential expiry use it.
    public var now: @Sendable () -> Date
    /// Waits for a duration; throws when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Returns a value in [0, 1) for backoff jitter.
    public var randomUnit: @Sendable () -> Double

    public init(
        now: @escaping @Sendable () -> Date,
        sleep: @escaping @Sendable (Duration) async throws -> Void,
        randomUnit: @escaping @Sendable () -> Double
    ) {
        self.now = now
        self.sleep = sleep
        self.randomUnit = randomUnit
    }

    /// The real clock, `Task.sleep` and the system random generator.
    public static let live = RetryEnvironment(
        now: { Date() },
        sleep: { try await Task.sleep(for: $0) },
        randomUnit: { Double.random(in: 0..<1) }
    )
}
