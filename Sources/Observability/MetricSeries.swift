import Synchronization

/// One counter or gauge series; updates take only this series' lock.
public final class Counter: Sendable {
    private let current = Mutex<Double>(0)

    /// Adds `amount`; counters only ever grow, gauges may be set with `set`.
    public func add(_ amount: Double = 1) {
        self.current.withLock { $0 += amount }
    }

    public func set(_ value: Double) {
        self.current.withLock { $0 = value }
    }

    public var value: Double { self.current.withLock { $0 } }
}

/// One histogram series with fixed upper bounds. Each observation counts in the first bucket that
/// contains it, and rendering makes the counts cumulative as Prometheus expects.
public final class Histogram: Sendable {
    struct Snapshot {
        var bucketCounts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    private let buckets: [Double]
    private let state: Mutex<Snapshot>

    init(buckets: [Double]) {
        self.buckets = buckets
        self.state = Mutex(Snapshot(bucketCounts: Array(repeating: 0, count: buckets.count)))
    }

    public func observe(_ value: Double) {
        let index = self.buckets.firstIndex { value <= $0 }
        self.state.withLock { state in
            if let index {
                state.bucketCounts[index] += 1
            }
            state.sum += value
            state.count += 1
        }
    }

    func snapshot() -> Snapshot {
        self.state.withLock { $0 }
    }
}
