import AWSClient
import Foundation

extension CloudWatchMetricsPublisher {
    /// A count series and minute that data are summed by.
    private struct CountKey: Hashable {
        let metricName: String
        /// Dimension names and values in order; `MetricDimension` is not `Hashable`.
        let dimensions: [String]
        let minute: Date
    }

    /// Converts results into metric data: one latency datum per verified result and dimension set, and one
    /// summed count datum per metric, dimension set and minute. Results older than CloudWatch accepts are
    /// left out.
    static func metricData(for results: [VerificationResult], now: Date) -> [MetricDatum] {
        var counts: [CountKey: Double] = [:]
        var order: [CountKey] = []
        var dimensionsByKey: [CountKey: [MetricDimension]] = [:]
        var latencies: [MetricDatum] = []
        for result in results where now.timeIntervalSince(result.checkedAt) < self.maximumAge {
            let minute = Date(timeIntervalSince1970: (result.checkedAt.timeIntervalSince1970 / 60).rounded(.down) * 60)
            for dimensions in self.dimensionSets(for: result) {
                for metricName in self.countMetricNames(for: result.status) {
                    let key = CountKey(
                        metricName: metricName,
                        dimensions: dimensions.flatMap { [$0.name, $0.value] },
                        minute: minute
                    )
                    if counts[key] == nil {
                        order.append(key)
                        dimensionsByKey[key] = dimensions
                    }
                    counts[key, default: 0] += 1
                }
                if result.status == .verified, let latency = result.latencySeconds {
                    latencies.append(
                        MetricDatum(
                            metricName: ReplicationMetricNames.latency,
                            value: latency,
                            dimensions: dimensions.isEmpty ? nil : dimensions,
                            timestamp: result.checkedAt,
                            unit: "Seconds"
                        )
                    )
                }
            }
        }
        let countData = order.map { key in
            let dimensions = dimensionsByKey[key] ?? []
            return MetricDatum(
                metricName: key.metricName,
                value: counts[key] ?? 0,
                dimensions: dimensions.isEmpty ? nil : dimensions,
                timestamp: key.minute,
                unit: "Count"
            )
        }
        return countData + latencies
    }

    /// Returns the three dimension sets each result is counted in, most specific first.
    static func dimensionSets(for result: VerificationResult) -> [[MetricDimension]] {
        let region = MetricDimension(name: ReplicationMetricNames.destinationRegion, value: result.destination.region)
        let repository = MetricDimension(name: ReplicationMetricNames.repository, value: result.repository)
        return [[region, repository], [region], []]
    }

    static func countMetricNames(for status: VerificationResult.Status) -> [String] {
        switch status {
        case .pending: [ReplicationMetricNames.checks]
        case .verified: [ReplicationMetricNames.checks, ReplicationMetricNames.verified]
        case .missing: [ReplicationMetricNames.checks, ReplicationMetricNames.missing]
        case .failed: [ReplicationMetricNames.checks, ReplicationMetricNames.failed]
        }
    }
}
