import Foundation
import Synchronization

/// Counters, gauges and histograms with labels, rendered in the Prometheus text exposition format.
///
/// One registry is shared by the whole process. Updates take a short lock; rendering copies the values
/// under the lock and formats them outside it.
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
        var values: [Labels: Double] = [:]
        var histograms: [Labels: HistogramValue] = [:]
    }

    private struct HistogramValue {
        var bucketCounts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    /// Default latency buckets in seconds, from 1 ms to 10 s.
    public static let latencyBuckets: [Double] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private let families = Mutex<[String: Family]>([:])

    public init() {}

    /// Adds `amount` to the counter `name` with `labels`, creating it at zero first.
    public func increment(_ name: String, help: String, labels: [String: String] = [:], by amount: Double = 1) {
        let key = Labels(labels)
        self.families.withLock { families in
            families[name, default: Family(kind: .counter, help: help, buckets: [])].values[key, default: 0] += amount
        }
    }

    /// Sets the gauge `name` with `labels` to `value`.
    public func set(_ name: String, help: String, labels: [String: String] = [:], to value: Double) {
        let key = Labels(labels)
        self.families.withLock { families in
            families[name, default: Family(kind: .gauge, help: help, buckets: [])].values[key] = value
        }
    }

    /// Records `value` in the histogram `name` with `labels`.
    public func observe(
        _ name: String,
        help: String,
        labels: [String: String] = [:],
        value: Double,
        buckets: [Double] = MetricsRegistry.latencyBuckets
    ) {
        let key = Labels(labels)
        self.families.withLock { families in
            var family = families[name] ?? Family(kind: .histogram, help: help, buckets: buckets)
            var histogram =
                family.histograms[key] ?? HistogramValue(bucketCounts: Array(repeating: 0, count: family.buckets.count))
            for (index, bound) in family.buckets.enumerated() where value <= bound {
                histogram.bucketCounts[index] += 1
            }
            histogram.sum += value
            histogram.count += 1
            family.histograms[key] = histogram
            families[name] = family
        }
    }

    /// Returns the current value of a counter or gauge series, or nil when it was never written.
    public func value(of name: String, labels: [String: String] = [:]) -> Double? {
        let key = Labels(labels)
        return self.families.withLock { $0[name]?.values[key] }
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
                for (labels, value) in family.values.sorted(by: { Self.order($0.key, $1.key) }) {
                    output += "\(name)\(Self.render(labels.pairs)) \(Self.format(value))\n"
                }
            case .histogram:
                for (labels, histogram) in family.histograms.sorted(by: { Self.order($0.key, $1.key) }) {
                    for (index, bound) in family.buckets.enumerated() {
                        let pairs = labels.pairs + [("le", Self.format(bound))]
                        output += "\(name)_bucket\(Self.render(pairs)) \(histogram.bucketCounts[index])\n"
                    }
                    output += "\(name)_bucket\(Self.render(labels.pairs + [("le", "+Inf")])) \(histogram.count)\n"
                    output += "\(name)_sum\(Self.render(labels.pairs)) \(Self.format(histogram.sum))\n"
                    output += "\(name)_count\(Self.render(labels.pairs)) \(histogram.count)\n"
                }
            }
        }
        return output
    }

    private static func order(_ lhs: Labels, _ rhs: Labels) -> Bool {
        sortKey(lhs) < sortKey(rhs)
    }

    private static func sortKey(_ labels: Labels) -> String {
        labels.pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
    }

    private static func render(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else {
            return ""
        }
        let rendered = pairs.map { "\($0.0)=\"\(escapeLabelValue($0.1))\"" }
        return "{" + rendered.joined(separator: ",") + "}"
    }

    private static func format(_ value: Double) -> String {
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
