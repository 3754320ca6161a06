import Foundation
import Observability
import Synchronization
import Testing

@Suite struct LoggerTests {
    final class Recorder: Sendable {
        let events = Mutex<[LogEvent]>([])
        var sink: LogSink { LogSink { event in self.events.withLock { $0.append(event) } } }
    }

    @Test func levelFiltersEvents() {
        let recorder = Recorder()
        let logger = Logger(label: "test", level: .info, sink: recorder.sink)
        logger.debug("Dropped.")
        logger.info("Kept.")
        let messages = recorder.events.withLock { $0.map(\.message) }
        #expect(messages == ["Kept."])
    }

    @Test func metadataMergesAndJSONEscapes() throws {
        let recorder = Recorder()
        let logger = Logger(label: "test", level: .trace, sink: recorder.sink).with("http.request_id", "r1")
        logger.info("Request \"done\".", metadata: ["http.status": "200"])
        let event = try #require(recorder.events.withLock { $0.first })
        let line = LogLineFormatter.format(event, as: .json)
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
        )
        #expect(object["message"] == "Request \"done\".")
        #expect(object["http.request_id"] == "r1")
        #expect(object["http.status"] == "200")
        #expect(object["level"] == "info")
    }

    @Test func secretKeysAreNeverWritten() {
        let event = LogEvent(
            date: Date(),
            level: .info,
            label: "test",
            message: "Call.",
            metadata: ["authorization": "Bearer abc", "token": "xyz", "aws.operation": "ListImages"]
        )
        let line = LogLineFormatter.format(event, as: .text)
        #expect(!line.contains("Bearer"))
        #expect(!line.contains("xyz"))
        #expect(line.contains("aws.operation=ListImages"))
    }

    @Test func rfc3339RoundTrip() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        let text = RFC3339.string(from: date)
        #expect(text == "2023-11-14T22:13:20.250Z")
        let parsed = try #require(RFC3339.date(from: text))
        #expect(abs(parsed.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.001)
        #expect(RFC3339.date(from: "yesterday") == nil)
    }
}

@Suite struct RFC3339ParsingTests {
    @Test(arguments: [
        ("2026-12-04T10:00:00Z", 1_796_378_400.0),
        ("2026-12-04T10:00:00.5Z", 1_796_378_400.5),
        ("2026-12-04T11:00:00+01:00", 1_796_378_400.0),
        ("2026-12-04T09:30:00-00:30", 1_796_378_400.0),
        ("2024-02-29T00:00:00.123456789Z", 1_709_164_800.123456789),
        ("2026-12-04t10:00:00z", 1_796_378_400.0),
    ])
    func validTimesParse(text: String, epoch: Double) throws {
        let date = try #require(RFC3339.date(from: text))
        #expect(abs(date.timeIntervalSince1970 - epoch) < 0.000_001)
    }

    @Test(arguments: [
        "2026-12-04T00:00:00." + String(repeating: "1", count: 35) + "Z",
        "2026-12-04T00:00:00.1234567890Z",
        "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z",
        "2026-12-04T24:00:00Z",
        "2026-12-04T10:00:00+99:99",
        "2026-12-04T10:00:00ZZ",
        "2026-12-04T10:00:00",
        "2026-12-04 10:00:00Z",
        "2026-12-04T10:00:00.Z",
        "٢٠٢٦-12-04T10:00:00Z",
        "2026-12-04T10:00:00Z\u{0}",
        "+2026-12-04T10:00:00Z",
        "",
    ])
    func invalidTimesAreRejected(text: String) {
        #expect(RFC3339.date(from: text) == nil)
    }
}

@Suite struct MetricsRegistryTests {
    @Test func countersAndHistogramsRender() {
        let registry = MetricsRegistry()
        registry.increment("http_requests_total", help: "Requests.", labels: ["status": "200"])
        registry.increment("http_requests_total", help: "Requests.", labels: ["status": "200"])
        registry.observe("latency_seconds", help: "Latency.", value: 0.02, buckets: [0.01, 0.1])
        let text = registry.prometheusText()
        #expect(text.contains("# TYPE http_requests_total counter"))
        #expect(text.contains("http_requests_total{status=\"200\"} 2"))
        #expect(text.contains("latency_seconds_bucket{le=\"0.01\"} 0"))
        #expect(text.contains("latency_seconds_bucket{le=\"0.1\"} 1"))
        #expect(text.contains("latency_seconds_bucket{le=\"+Inf\"} 1"))
        #expect(text.contains("latency_seconds_count 1"))
        #expect(registry.value(of: "http_requests_total", labels: ["status": "200"]) == 2)
    }

    @Test func labelValuesAreEscaped() {
        let registry = MetricsRegistry()
        registry.set("gauge", help: "G.", labels: ["name": "a\"b"], to: 1)
        #expect(registry.prometheusText().contains("gauge{name=\"a\\\"b\"} 1"))
    }
}
