import Foundation

/// The replication compliance report: for each repository, its latest digests and, for every destination of
/// each, the replication status, latency and last verification, as the job runner recorded them.
public struct ReplicationReport: Sendable, Hashable {
    /// One digest of one repository in one destination registry.
    public struct Row: Sendable, Hashable, Codable {
        public let repository: String
        public let digest: String
        public let tag: String?
        /// When the digest was pushed to the source, if the job could read it.
        public let pushedAt: Date?
        public let region: String
        public let registryId: String
        /// `pending`, `verified`, `missing` or `failed`.
        public let status: String
        public let latencySeconds: Double?
        /// When the destination first reported the digest.
        public let firstSeenAt: Date?
        /// When the runner last checked the destination; nil before the first check.
        public let lastVerifiedAt: Date?
        public let jobId: Int64
        /// The state of the job the row comes from.
        public let jobState: String
    }

    /// Counts over the rows, by destination status.
    public struct Summary: Sendable, Hashable, Codable {
        public var repositories = 0
        public var digests = 0
        public var verified = 0
        public var pending = 0
        public var missing = 0
        public var failed = 0
        /// The largest verified latency, in seconds.
        public var maxLatencySeconds: Double?
    }

    public let generatedAt: Date
    public let rows: [Row]
    public let summary: Summary

    public init(generatedAt: Date, rows: [Row]) {
        self.generatedAt = generatedAt
        self.rows = rows
        self.summary = Self.summarize(rows)
    }

    static func summarize(_ rows: [Row]) -> Summary {
        var summary = Summary()
        summary.repositories = Set(rows.map(\.repository)).count
        summary.digests = Set(rows.map { "\($0.repository)@\($0.digest)" }).count
        for row in rows {
            switch row.status {
            case "verified": summary.verified += 1
            case "pending": summary.pending += 1
            case "missing": summary.missing += 1
            default: summary.failed += 1
            }
            if let latency = row.latencySeconds {
                summary.maxLatencySeconds = max(summary.maxLatencySeconds ?? latency, latency)
            }
        }
        return summary
    }
}
