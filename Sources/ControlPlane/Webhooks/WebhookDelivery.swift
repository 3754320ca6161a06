import Foundation
import Store

/// One received webhook delivery and what became of it.
public struct WebhookDelivery: Sendable, Hashable {
    /// The sender: the CI webhook or an EventBridge API destination.
    public enum Source: String, Sendable, Hashable, CaseIterable {
        case ci
        case eventbridge
    }

    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// The delivery created or updated a job.
        case accepted
        /// The delivery failed authentication or validation, for the cause in `reason`.
        case rejected
        /// The delivery id was accepted before; the original job was returned.
        case duplicate
        /// The delivery was authentic but carried an event the server does not act on.
        case ignored
    }

    public let id: Int64
    public let source: Source
    public let deliveryId: String?
    public let receivedAt: Date
    public let outcome: Outcome
    public let reason: String?
    public let jobId: Int64?
}

/// The SQL of the `webhook_deliveries` table.
public struct WebhookDeliveryLog: Sendable {
    /// The maximum length of a stored delivery id. Longer ids are cut, so a hostile header cannot grow the table.
    public static let maxDeliveryIdLength = 200

    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Records a delivery in a transaction of its own.
    public func record(
        source: WebhookDelivery.Source,
        deliveryId: String?,
        outcome: WebhookDelivery.Outcome,
        reason: String?,
        jobId: Int64? = nil
    ) async throws {
        try await self.database.write { connection in
            try Self.insert(
                source: source,
                deliveryId: deliveryId,
                outcome: outcome,
                reason: reason,
                jobId: jobId,
                in: connection
            )
        }
    }

    /// Inserts one delivery row through `connection`.
    public static func insert(
        source: WebhookDelivery.Source,
        deliveryId: String?,
        outcome: WebhookDelivery.Outcome,
        reason: String?,
        jobId: Int64?,
        in connection: Connection
    ) throws {
        try connection.execute(
            """
            INSERT INTO webhook_deliveries (source, delivery_id, received_at, outcome, reason, job_id)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                .text(source.rawValue), .text(deliveryId.map { String($0.prefix(Self.maxDeliveryIdLength)) }),
                .real(Date().timeIntervalSince1970), .text(outcome.rawValue), .text(reason), .integer(jobId),
            ]
        )
    }

    /// Returns the job id of the accepted delivery `deliveryId` from `source`, or nil when there is none.
    public static func acceptedJobId(
        source: WebhookDelivery.Source,
        deliveryId: String,
        in connection: Connection
    ) throws -> Int64?? {
        try connection.queryFirst(
            "SELECT job_id FROM webhook_deliveries WHERE source = ? AND delivery_id = ? AND outcome = 'accepted'",
            [.text(source.rawValue), .text(String(deliveryId.prefix(Self.maxDeliveryIdLength)))]
        ).map { try $0.optionalInt64(0) }
    }

    /// Returns the newest `limit` deliveries, newest first.
    public func recent(limit: Int) async throws -> [WebhookDelivery] {
        try await self.database.read { connection in
            try connection.query(
                """
                SELECT id, source, delivery_id, received_at, outcome, reason, job_id FROM webhook_deliveries
                ORDER BY id DESC LIMIT ?
                """,
                [.integer(limit)]
            ).map { row in
                WebhookDelivery(
                    id: try row.int64("id"),
                    source: WebhookDelivery.Source(rawValue: try row.string("source")) ?? .ci,
                    deliveryId: try row.optionalString("delivery_id"),
                    receivedAt: Date(timeIntervalSince1970: try row.double("received_at")),
                    outcome: WebhookDelivery.Outcome(rawValue: try row.string("outcome")) ?? .rejected,
                    reason: try row.optionalString("reason"),
                    jobId: try row.optionalInt64("job_id")
                )
            }
        }
    }
}
