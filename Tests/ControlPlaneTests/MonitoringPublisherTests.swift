import AWSClient
import Foundation
import Testing

@testable import ControlPlane

/// The CloudWatch publisher: how results become metric data and batches, and (with moto) that flushed
/// data arrive in CloudWatch.
@Suite struct MonitoringPublisherTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func result(
        _ status: VerificationResult.Status,
        repository: String = "team/app",
        region: String = "eu-south-1",
        latency: Double? = nil,
        checkedAt: Date = Self.now
    ) -> VerificationResult {
        VerificationResult(
            repository: repository,
            digest: "sha256:" + String(repeating: "a", count: 64),
            destination: ReplicationDestination(region: region, registryId: "123456789012"),
            status: status,
            latencySeconds: latency,
            checkedAt: checkedAt
        )
    }

    static func datum(_ data: [MetricDatum], _ name: String, dimensions: Int) -> [MetricDatum] {
        data.filter { $0.metricName == name && ($0.dimensions ?? []).count == dimensions }
    }

    @Test func countsAreSummedPerSeriesAndMinute() {
        let results = [
            Self.result(.verified, latency: 12),
            Self.result(.verified, latency: 30),
            Self.result(.failed),
            Self.result(.missing),
            Self.result(.pending),
        ]
        let data = CloudWatchMetricsPublisher.metricData(for: results, now: Self.now)
        let verified = Self.datum(data, "ReplicationVerified", dimensions: 2)
        #expect(verified.count == 1)
        #expect(verified.first?.value == 2)
        #expect(verified.first?.unit == "Count")
        #expect(Self.datum(data, "ReplicationVerified", dimensions: 1).first?.value == 2)
        #expect(Self.datum(data, "ReplicationVerified", dimensions: 0).first?.value == 2)
        #expect(Self.datum(data, "ReplicationFailed", dimensions: 0).first?.value == 1)
        #expect(Self.datum(data, "ReplicationMissing", dimensions: 0).first?.value == 1)
        #expect(Self.datum(data, "ReplicationChecks", dimensions: 0).first?.value == 5)
    }

    @Test func latencyIsSentPerVerifiedResult() {
        let results = [Self.result(.verified, latency: 12), Self.result(.failed, latency: 99)]
        let data = CloudWatchMetricsPublisher.metricData(for: results, now: Self.now)
        let latencies = Self.datum(data, "ReplicationLatency", dimensions: 2)
        #expect(latencies.map(\.value) == [12])
        #expect(latencies.first?.unit == "Seconds")
        let names = Set(latencies.first?.dimensions?.map(\.name) ?? [])
        #expect(names == ["DestinationRegion", "Repository"])
        #expect(Self.datum(data, "ReplicationLatency", dimensions: 0).count == 1)
    }

    @Test func resultsOlderThanTwoWeeksAreDropped() {
        let old = Self.result(.verified, latency: 1, checkedAt: Self.now.addingTimeInterval(-15 * 86_400))
        #expect(CloudWatchMetricsPublisher.metricData(for: [old], now: Self.now).isEmpty)
    }

    @Test func batchesHoldAtMostOneThousand() {
        let data = (0..<2_345).map { MetricDatum(metricName: "M\($0)", value: 1) }
        let batches = CloudWatchMetricsPublisher.batches(of: data)
        #expect(batches.map(\.count) == [1_000, 1_000, 345])
        #expect(batches.flatMap { $0 }.map(\.metricName) == data.map(\.metricName))
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"] != nil))
    func flushedMetricsAppearInCloudWatch() async throws {
        let endpoint = ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"] ?? ""
        let aws = AWSClient(
            configuration: AWSConfiguration(environment: [
                "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_REGION": "eu-north-1", "AWS_EC2_METADATA_DISABLED": "true",
            ])
        )
        let cloudWatch = aws.cloudWatch(region: "eu-north-1")
        let namespace = "ECPTest/" + UUID().uuidString.prefix(8)
        let publisher = CloudWatchMetricsPublisher(cloudWatch: cloudWatch, namespace: namespace)
        // 600 repositories give 600 × 3 + 600 × 2 data, so the flush needs several requests.
        let now = Date()
        let results = (0..<600).map { index in
            Self.result(
                index % 2 == 0 ? .verified : .failed,
                repository: "team/app-\(index)",
                latency: 5,
                checkedAt: now
            )
        }
        await publisher.record(results)
        await publisher.record([Self.result(.missing, checkedAt: now)])
        await publisher.shutdown()
        let metrics = try await cloudWatch.allMetrics(ListMetricsRequest(namespace: namespace))
        let names = Set(metrics.compactMap(\.metricName))
        #expect(names.contains("ReplicationVerified"))
        #expect(names.contains("ReplicationFailed"))
        #expect(names.contains("ReplicationMissing"))
        #expect(names.contains("ReplicationLatency"))
        #expect(names.contains("ReplicationChecks"))
        let regional = metrics.filter {
            $0.metricName == "ReplicationVerified" && $0.dimensions?.map(\.name) == ["DestinationRegion"]
        }
        #expect(regional.first?.dimensions?.first?.value == "eu-south-1")
        let perRepository = metrics.filter { $0.metricName == "ReplicationFailed" && $0.dimensions?.count == 2 }
        #expect(perRepository.count == 300)
    }
}
