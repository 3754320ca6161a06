import Synchronization

/// Caps the log lines that failed or timed-out TLS handshakes write, so a port scanner or a client
/// stuck on plain HTTP cannot flood the log. Each line after a quiet spell reports how many were
/// dropped before it.
final class TLSFailureLogLimiter: Sendable {
    private struct State {
        var windowStart: UInt64 = 0
        var linesInWindow = 0
        var suppressed = 0
    }

    private let linesPerWindow: Int
    private let window: UInt64
    private let state = Mutex(State())

    /// - Parameters:
    ///   - linesPerWindow: lines allowed per window; later failures in the window are only counted.
    ///   - window: window length in nanoseconds.
    init(linesPerWindow: Int = 20, window: UInt64 = 1_000_000_000) {
        self.linesPerWindow = linesPerWindow
        self.window = window
    }

    /// Decides whether a failure at uptime `now` (nanoseconds) gets a log line. Returns nil when it
    /// does not, or the number of failures suppressed since the previous line when it does.
    func admit(now: UInt64) -> Int? {
        self.state.withLock { state in
            if now >= state.windowStart + self.window {
                state.windowStart = now
                state.linesInWindow = 0
            }
            guard state.linesInWindow < self.linesPerWindow else {
                state.suppressed += 1
                return nil
            }
            state.linesInWindow += 1
            defer { state.suppressed = 0 }
            return state.suppressed
        }
    }
}
