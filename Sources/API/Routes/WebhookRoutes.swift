import ControlPlane
import Crypto
import Foundation
import HTTPServer

/// `POST /v1/webhooks/ci` and `POST /v1/webhooks/eventbridge`. Neither takes a bearer token: the CI webhook
/// is authenticated by the HMAC of its body, the EventBridge webhook by a shared secret header.
struct WebhookRoutes {
    /// The header an EventBridge API destination sends the shared secret in (connection type API_KEY).
    static let eventBridgeSecretHeader = "X-EventBridge-Secret"
    /// The actor recorded in audit rows for jobs the CI webhook creates.
    static let ciActor = "webhook:ci"

    let jobs: ReplicationJobService
    let secrets: WebhookSecrets
    let deliveries: WebhookDeliveryLog

    init(jobs: ReplicationJobService, secrets: WebhookSecrets) {
        self.jobs = jobs
        self.secrets = secrets
        self.deliveries = WebhookDeliveryLog(database: jobs.database)
    }

    func register(in router: inout Router<APIRoute>) {
        router.add(
            .post,
            "/v1/webhooks/ci",
            APIRoute(minimumRole: nil, operation: "receiveCIWebhook", handler: self.ci)
        )
        router.add(
            .post,
            "/v1/webhooks/eventbridge",
            APIRoute(minimumRole: nil, operation: "receiveEventBridgeWebhook", handler: self.eventBridge)
        )
    }

    @Sendable func ci(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        guard let secret = self.secrets.ci else {
            throw APIError(
                .serviceUnavailable,
                detail: "The CI webhook is disabled; start the server with --webhook-secret or set ECP_WEBHOOK_SECRET."
            )
        }
        let deliveryId = request.headers["X-Delivery-Id"]
        let rejection = CIWebhookVerifier(secret: secret).rejection(
            signatures: [request.headers["X-Signature-256"], request.headers["X-Hub-Signature-256"]],
            timestamp: request.headers["X-Timestamp"],
            body: request.body,
            now: Date()
        )
        if let rejection {
            try await self.deliveries.record(source: .ci, deliveryId: deliveryId, outcome: .rejected, reason: rejection)
            throw Self.unauthorized("The webhook delivery is not authentic: \(rejection).")
        }
        return try await self.rejectingFailures(source: .ci, deliveryId: deliveryId) {
            guard let deliveryId, Self.isDeliveryId(deliveryId) else {
                throw APIError.badRequest(
                    "X-Delivery-Id is missing or invalid; send a unique id of 1 to 200 visible ASCII characters "
                        + "per delivery."
                )
            }
            let body = try JSONCoding.decode(CIWebhookBody.self, from: request)
            let (job, _) = try await ReplicationJobError.mapped {
                try await self.jobs.create(
                    body.jobRequest(),
                    origin: .init(actor: Self.ciActor, requestId: context.requestId),
                    delivery: .init(source: .ci, id: deliveryId)
                )
            }
            return try ReplicationJobRoutes.accepted(job)
        }
    }

    @Sendable func eventBridge(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        guard let secret = self.secrets.eventBridge else {
            throw APIError(
                .serviceUnavailable,
                detail:
                    "The EventBridge webhook is disabled; start the server with --eventbridge-secret or set "
                    + "ECP_EVENTBRIDGE_SECRET."
            )
        }
        let sent = request.headers[Self.eventBridgeSecretHeader].map { Array($0.utf8) } ?? []
        // Comparing hashes keeps the comparison's time independent of the secret's length.
        guard constantTimeEquals(SHA256.hash(sent), SHA256.hash(secret)) else {
            let reason = "missing or wrong \(Self.eventBridgeSecretHeader) header"
            try await self.deliveries.record(source: .eventbridge, deliveryId: nil, outcome: .rejected, reason: reason)
            throw Self.unauthorized("The EventBridge delivery is not authentic: \(reason).")
        }
        return try await self.rejectingFailures(source: .eventbridge, deliveryId: nil) {
            let event = try JSONCoding.decode(EventBridgeEvent.self, from: request)
            let outcome = try await ReplicationJobError.mapped {
                try await EventBridgeReceiver(jobs: self.jobs).receive(event, requestId: context.requestId)
            }
            switch outcome {
            case .job(let job, _):
                return try ReplicationJobRoutes.accepted(job)
            case .updated(let jobIds):
                return try .json(EventBridgeOutcomeDTO(outcome: "updated", jobIds: jobIds, reason: nil))
            case .ignored(let reason):
                return try .json(EventBridgeOutcomeDTO(outcome: "ignored", jobIds: [], reason: reason))
            }
        }
    }

    /// Runs `body` and records a delivery that fails validation as rejected, with the problem's detail.
    private func rejectingFailures(
        source: WebhookDelivery.Source,
        deliveryId: String?,
        _ body: () async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        do {
            return try await body()
        } catch let error as APIError where error.status.code < 500 {
            let fields = error.errors.map(\.field).joined(separator: ", ")
            let reason = fields.isEmpty ? error.detail : "\(error.detail) (\(fields))"
            try? await self.deliveries.record(
                source: source,
                deliveryId: deliveryId,
                outcome: .rejected,
                reason: reason
            )
            throw error
        } catch let error as ValidationError {
            let reason = error.errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
            try? await self.deliveries.record(
                source: source,
                deliveryId: deliveryId,
                outcome: .rejected,
                reason: reason
            )
            throw error
        }
    }

    private static func unauthorized(_ detail: String) -> APIError {
        APIError(.unauthorized, detail: detail)
    }

    /// True for 1 to 200 visible ASCII characters.
    static func isDeliveryId(_ text: String) -> Bool {
        (1...WebhookDeliveryLog.maxDeliveryIdLength).contains(text.utf8.count)
            && text.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}

/// The secrets that authenticate webhook deliveries; nil disables that webhook.
public struct WebhookSecrets: Sendable {
    /// The HMAC key of `POST /v1/webhooks/ci`.
    public var ci: [UInt8]?
    /// The shared secret of `POST /v1/webhooks/eventbridge`.
    public var eventBridge: [UInt8]?

    public init(ci: [UInt8]? = nil, eventBridge: [UInt8]? = nil) {
        self.ci = ci
        self.eventBridge = eventBridge
    }
}

/// The response body for an EventBridge event that created no job.
struct EventBridgeOutcomeDTO: Encodable {
    let outcome: String
    let jobIds: [Int64]
    let reason: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.outcome, forKey: .outcome)
        try container.encode(self.jobIds, forKey: .jobIds)
        try container.encode(self.reason, forKey: .reason)
    }

    private enum CodingKeys: String, CodingKey {
        case outcome, jobIds, reason
    }
}
