import AWSClient
import Foundation
import Observability

/// Publishes verification results as CloudWatch custom metrics with batched PutMetricData calls.
///
/// Results are buffered and sent when `flushInterval` passes, when 1,000 results are buffered, and on
/// `shutdown()`. Each result counts once in three series so that both the dashboard and the
/// alarms find it: with dimensions `DestinationRegion` and `Repository`, with `DestinationRegion` only,
/// and with no dimensions (CloudWatch does not add series of different dimensions together).
/// Counts with the same metric, dimensions and minute are summed into one datum before sending.
public actor CloudWatchMetricsPublisher: VerificationResultSink {
    /// PutMetricData accepts at most 1,000 metrics and 1 MB per request (CloudWatch API reference,
    /// PutMetricData). 1,000 of the data this type builds take about 250 KB of JSON.
    public static let maximumDataPerRequest = 1_000
    /// CloudWatch rejects data points older than two weeks.
    static let maximumAge: TimeInterval = 14 * 24 * 3_600

    private let cloudWatch: CloudWatch
    public nonisolated let namespace: String
    private let flushInterval: Duration
    private let maximumBufferedResults: Int
    private let logger: Logger
    private let metrics: MetricsRegistry?
    private var buffer: [VerificationResult] = []
    private var flushTask: Task<Void, Never>?

    /// Creates a publisher; call `start()` to flush on the interval.
    ///
    /// - Parameters:
    ///   - cloudWatch: the CloudWatch API of the region to publish in.
    ///   - namespace: the custom metric namespace, such as `ECRReplication`.
    ///   - flushInterval: time between flushes of the buffer.
    ///   - maximumBufferedResults: results kept while CloudWatch cannot be reached; older ones are dropped first.
    ///   - metrics: when set, counts sent and dropped data in `ecp_cloudwatch_metric_data_total`.
    public init(
        cloudWatch: CloudWatch,
        namespace: String = ReplicationMetricNames.defaultNamespace,
        flushInterval: Duration = .seconds(60),
        maximumBufferedResults: Int = 100_000,
        logger: Logger = .disabled,
        metrics: MetricsRegistry? = nil
    ) {
        self.cloudWatch = cloudWatch
        self.namespace = namespace
        self.flushInterval = flushInterval
        self.maximumBufferedResults = max(maximumBufferedResults, 1)
        self.logger = logger.with("cloudwatch.namespace", namespace)
        self.metrics = metrics
    }

    /// Buffers `results`, and flushes at once when 1,000 or more are waiting.
    public func record(_ results: [VerificationResult]) async {
        self.buffer += results
        let overflow = self.buffer.count - self.maximumBufferedResults
        if overflow > 0 {
            self.buffer.removeFirst(overflow)
            self.count(overflow, outcome: "dropped")
            self.logger.warning(
                "Metric buffer full; oldest results dropped.",
                metadata: ["results.dropped": "\(overflow)"]
            )
        }
        if self.buffer.count >= Self.maximumDataPerRequest {
            await self.flush()
        }
    }

    /// Starts flushing every `flushInterval`; a second call does nothing.
    public func start() {
        guard self.flushTask == nil else {
            return
        }
        let interval = self.flushInterval
        self.flushTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else {
                    return
                }
                await self.flush()
            }
        }
    }

    /// Stops the interval flushes and sends what is still buffered.
    public func shutdown() async {
        self.flushTask?.cancel()
        self.flushTask = nil
        await self.flush()
    }

    /// Sends every buffered result and returns the number of metric data CloudWatch accepted. Data of a
    /// failed request are logged and dropped, as the `VerificationResultSink` contract requires.
    @discardableResult
    public func flush() async -> Int {
        let results = self.buffer
        self.buffer = []
        let data = Self.metricData(for: results, now: Date())
        var sent = 0
        for batch in Self.batches(of: data) {
            do {
                try await self.cloudWatch.putMetricData(
                    PutMetricDataRequest(namespace: self.namespace, metricData: batch)
                )
                sent += batch.count
                self.count(batch.count, outcome: "sent")
            } catch {
                self.count(batch.count, outcome: "dropped")
                self.logger.error(
                    "PutMetricData failed; metric data dropped.",
                    metadata: ["error": "\(error)", "metric_data.count": "\(batch.count)"]
                )
            }
        }
        return sent
    }

    /// Splits `data` into PutMetricData requests' worth, in order.
    static func batches(of data: [MetricDatum]) -> [[MetricDatum]] {
        stride(from: 0, to: data.count, by: Self.maximumDataPerRequest).map { start in
            Array(data[start..<min(start + Self.maximumDataPerRequest, data.count)])
        }
    }

    private func count(_ amount: Int, outcome: String) {
        self.metrics?.increment(
            "ecp_cloudwatch_metric_data_total",
            help: "CloudWatch metric data by outcome: sent or dropped.",
            labels: ["outcome": outcome],
            by: Double(amount)
        )
    }
}
