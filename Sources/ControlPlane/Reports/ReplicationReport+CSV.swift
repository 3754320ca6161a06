import Foundation
import Observability

extension ReplicationReport {
    /// The CSV columns, in order; the first line of `csv()`.
    public static let csvColumns = [
        "repository", "digest", "tag", "pushed_at", "region", "registry_id", "status", "latency_seconds",
        "first_seen_at", "last_verified_at", "job_id", "job_state",
    ]

    /// Returns the rows as RFC 4180 CSV: a header line, CRLF line ends, and fields that contain a comma, a
    /// quote or a line break quoted with inner quotes doubled. Times are RFC 3339 in UTC.
    public func csv() -> String {
        var lines = [Self.csvColumns.joined(separator: ",")]
        lines.reserveCapacity(self.rows.count + 1)
        for row in self.rows {
            let fields: [String?] = [
                row.repository, row.digest, row.tag, row.pushedAt.map(Self.timestamp), row.region, row.registryId,
                row.status, row.latencySeconds.map { String(format: "%.3f", $0) }, row.firstSeenAt.map(Self.timestamp),
                row.lastVerifiedAt.map(Self.timestamp), String(row.jobId), row.jobState,
            ]
            lines.append(fields.map { Self.field($0 ?? "") }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func timestamp(_ date: Date) -> String {
        RFC3339.string(from: date)
    }
}
