import Foundation
import Testing

/// `GET /metrics` is Prometheus text exposition format 0.0.4: every line is a `# HELP`, a `# TYPE` or a sample
/// of a metric whose type was declared first.
@Suite struct MonitoringPrometheusTests {
    static let name = #"[a-zA-Z_:][a-zA-Z0-9_:]*"#
    static let labels = #"(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*\})?"#
    static let value = #"(-?[0-9.eE+-]+|NaN|\+Inf|-Inf)"#

    static func matches(_ line: String, _ pattern: String) -> Bool {
        line.range(of: "^\(pattern)$", options: .regularExpression) != nil
    }

    @Test func metricsParseAsPrometheusText() async throws {
        try await withApplication { app in
            _ = try await app.request("GET", "/healthz", token: nil)
            _ = try await app.request("GET", "/v1/tokens", token: app.adminToken)
            let reply = try await app.request("GET", "/metrics", token: nil)
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"]?.hasPrefix("text/plain") == true)
            var declared: [String: String] = [:]
            var samples = 0
            for line in reply.text.split(separator: "\n").map(String.init) {
                if line.hasPrefix("# HELP ") {
                    #expect(Self.matches(line, "# HELP \(Self.name) .*"), "bad HELP line: \(line)")
                } else if line.hasPrefix("# TYPE ") {
                    let parts = line.split(separator: " ").map(String.init)
                    #expect(parts.count == 4, "bad TYPE line: \(line)")
                    #expect(["counter", "gauge", "histogram", "summary", "untyped"].contains(parts.last ?? ""))
                    declared[parts[2]] = parts[3]
                } else {
                    #expect(
                        Self.matches(line, "\(Self.name)\(Self.labels) \(Self.value)( [0-9]+)?"),
                        "bad sample: \(line)"
                    )
                    let metric = String(line.prefix { $0 != "{" && $0 != " " })
                    let family = ["_bucket", "_sum", "_count"].reduce(metric) { name, suffix in
                        declared[name] == nil && name.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : name
                    }
                    #expect(declared[family] != nil, "sample before its TYPE: \(line)")
                    samples += 1
                }
            }
            #expect(samples > 0)
            #expect(declared.values.contains("histogram"))
        }
    }
}
