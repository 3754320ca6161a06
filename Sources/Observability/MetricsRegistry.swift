import Foundation
import Synchronization

/// Counters, gauges and histograms with labels, rendered in the Prometheus text exposition format.
///
/// One registry is shared by the whole process. `increment`, `set` and `observe` look the series up on
/// every call. Hot paths take a `Counter` or `Histogram` handle once and update it without the lookup.
public final class MetricsRegistry: Sendable {
    /// Label names and values of one series, kept sorted by name so equal label sets compare equal.
    public struct Labels: Hashable, Sendable {
        let pairs: [(String, String)]

        public init(_ labels: [String: String]) {
            self.pairs = labels.sorted { $0.key < $1.key }
        }

        public static func == (lhs: Labels, rhs: Labels) -> Bool {
            lhs.pairs.elementsEqual(rhs.pairs) { $0.0 == $1.0 && $0.1 == $1.1 }
        }

        public func hash(into hasher: inout Hasher) {
            for (name, value) in self.pairs {
                hasher.combine(name)
                hasher.combine(value)
            }
        }

        var sortKey: String {
            self.pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
        }
    }

    private enum Kind: String {
        case counter
        case gauge
        case histogram
    }

    private struct Family {
        var kind: Kind
        var help: String
        var buckets: [Double]
        var values: [Labels: Counter] = [:]
        var histograms: [Labels: Histogram] = [:]
    }

    /// Default latency buckets in seconds, from 1 ms to 10 s.
    public static let latencyBuckets: [Double] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private let families = Mutex<[String: Family]>([:])

    public init() {}

    /// Returns the counter series `name` with `labels`, creating it at zero; keep it to update it cheaply.
    public func counter(_ name: String, help: String, labels: [String: String] = [:]) -> Counter {
        self.series(name, help: help, kind: .counter, labels: Labels(labels))
    }

    /// Returns the gauge series `name` with `labels`, creating it at zero.
    public func gauge(_ name: String, help: String, labels: [String: String] = [:]) -> Counter {
        self.series(name, help: help, kind: .gauge, labels: Labels(labels))
    }

    /// Returns the histogram series `name` with `labels`; the first call for `name` fixes its buckets.
    public func histogram(
        _ name: String,
        help: String,
        labels: [String: String] = [:],
        buckets: [Double] = MetricsRegistry.latencyBuckets
    ) -> Histogram {
        let key = Labels(labels)
        return self.families.withLock { families in
            var family = families[name] ?? Family(kind: .histogram, help: help, buckets: buckets.sorted())
            if let existing = family.histograms[key] {
                return existing
            }
            let histogram = Histogram(buckets: family.buckets)
            family.histograms[key] = histogram
            families[name] = family
            return histogram
        }
    }

    /// Adds `amount` to the counter `name` with `labels`, creating it at zero first.
    public func increment(_ name: String, help: String, labels: [String: String] = [:], by amount: Double = 1) {
        self.counter(name, help: help, labels: labels).add(amount)
    }

    /// Sets the gauge `name` with `labels` to `value`.
    public func set(_ name: String, help: String, labels: [String: String] = [:], to value: Double) {
        self.gauge(name, help: help, labels: labels).set(value)
    }

    /// Records `value` in the histogram `name` with `labels`.
    public func observe(
        _ name: String,
        help: String,
        labels: [String: String] = [:],
        value: Double,
        buckets: [Double] = MetricsRegistry.latencyBuckets
    ) {
        self.histogram(name, help: help, labels: labels, buckets: buckets).observe(value)
    }

    /// Returns the current value of a counter or gauge series, or nil when it was never written.
    public func value(of name: String, labels: [String: String] = [:]) -> Double? {
        let key = Labels(labels)
        return self.families.withLock { $0[name]?.values[key] }?.value
    }

    private func series(_ name: String, help: String, kind: Kind, labels: Labels) -> Counter {
        self.families.withLock { families in
            var family = families[name] ?? Family(kind: kind, help: help, buckets: [])
            if let existing = family.values[labels] {
                return existing
            }
            let counter = Counter()
            family.values[labels] = counter
            families[name] = family
            return counter
        }
    }

    /// Returns every series in the Prometheus text format, version 0.0.4.
    public func prometheusText() -> String {
        let snapshot = self.families.withLock { $0 }
        var output = ""
        for name in snapshot.keys.sorted() {
            let family = snapshot[name]!
            output += "# HELP \(name) \(Self.escapeHelp(family.help))\n"
            output += "# TYPE \(name) \(family.kind.rawValue)\n"
            switch family.kind {
            case .counter, .gauge:
                for (labels, series) in family.values.sorted(by: { $0.key.sortKey < $1.key.sortKey }) {
                    output += "\(name)\(Self.render(labels.pairs)) \(Self.format(series.value))\n"
                }
            case .histogram:
                for (labels, histogram) in family.histograms.sorted(by: { $0.key.sortKey < $1.key.sortKey }) {
                    output += Self.render(histogram.snapshot(), name: name, labels: labels, buckets: family.buckets)
                }
            }
        }
        return output
    }

    private static func render(
        _ snapshot: Histogram.Snapshot,
        name: String,
        labels: Labels,
        buckets: [Double]
    ) -> String {
        var output = ""
        var cumulative: UInt64 = 0
        for (index, bound) in buckets.enumerated() {
            cumulative += snapshot.bucketCounts[index]
            output += "\(name)_bucket\(self.render(labels.pairs + [("le", self.format(bound))])) \(cumulative)\n"
        }
        output += "\(name)_bucket\(self.render(labels.pairs + [("le", "+Inf")])) \(snapshot.count)\n"
        output += "\(name)_sum\(self.render(labels.pairs)) \(self.format(snapshot.sum))\n"
        output += "\(name)_count\(self.render(labels.pairs)) \(snapshot.count)\n"
        return output
    }

    private static func render(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else {
            return ""
        }
        let rendered = pairs.map { "\($0.0)=\"\(escapeLabelValue($0.1))\"" }
        return "{" + rendered.joined(separator: ",") + "}"
    }

    static func format(_ value: Double) -> String {
        if value.isInfinite {
            return value > 0 ? "+Inf" : "-Inf"
        }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }

    private static func escapeLabelValue(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func escapeHelp(_ help: String) -> String {
        help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
