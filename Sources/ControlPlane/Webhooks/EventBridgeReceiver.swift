import Foundation
import Store

/// Acts on ECR events that EventBridge delivers: a successful push in the source registry creates a job,
/// and a replication result settles that destination of the matching open jobs.
public struct EventBridgeReceiver: Sendable {
    /// The effect of one delivered event.
    public enum Outcome: Sendable {
        /// An image push created a job, or returned the job of an earlier delivery of the same event.
        case job(ReplicationJob, created: Bool)
        /// A replication result settled a destination of these jobs.
        case updated(jobIds: [Int64])
        /// The event needs no action, for the reason in the text.
        case ignored(String)
    }

    /// The actor recorded in audit rows for jobs that events create.
    public static let actor = "webhook:eventbridge"

    let jobs: ReplicationJobService
    let deliveries: WebhookDeliveryLog

    public init(jobs: ReplicationJobService) {
        self.jobs = jobs
        self.deliveries = WebhookDeliveryLog(database: jobs.database)
    }

    /// Handles one event and records the delivery with its outcome.
    ///
    /// - Throws: `ValidationError` for an event whose fields are invalid, or the errors of job creation.
    public func receive(_ event: EventBridgeEvent, requestId: String?) async throws -> Outcome {
        let outcome: Outcome
        switch (event.source, event.detailType) {
        case ("aws.ecr", EventBridgeEvent.imageAction):
            outcome = try await self.imagePushed(event, requestId: requestId)
        case ("aws.ecr", EventBridgeEvent.replicationAction):
            // Records its delivery in the transaction that settles the jobs.
            return try await self.replicated(event)
        default:
            outcome = .ignored("events other than ECR Image Action and ECR Replication Action are not used")
        }
        if case .ignored(let reason) = outcome {
            try await self.deliveries.record(
                source: .eventbridge,
                deliveryId: event.id,
                outcome: .ignored,
                reason: reason
            )
        }
        return outcome
    }

    private func imagePushed(_ event: EventBridgeEvent, requestId: String?) async throws -> Outcome {
        let detail = event.detail
        guard detail.actionType == "PUSH", detail.result == "SUCCESS" else {
            return .ignored("only successful PUSH image actions create jobs")
        }
        guard event.region == (try self.jobs.registry.sourceRegion()) else {
            return .ignored("the push happened in \(event.region), not in the source region")
        }
        let request = JobRequest(
            repository: detail.repositoryName ?? "",
            digest: detail.imageDigest,
            tag: detail.imageTag,
            trigger: .event
        )
        do {
            let (job, created) = try await self.jobs.create(
                request,
                origin: .init(actor: Self.actor, requestId: requestId),
                delivery: .init(source: .eventbridge, id: event.id)
            )
            return .job(job, created: created)
        } catch let error as ReplicationJobError where error.kind == .noDestinations {
            return .ignored(error.message)
        }
    }

    private func replicated(_ event: EventBridgeEvent) async throws -> Outcome {
        let detail = event.detail
        guard let repository = detail.repositoryName, let digest = detail.imageDigest,
            detail.result == "SUCCESS" || detail.result == "FAILED"
        else {
            let reason = "a replication action needs repository-name, image-digest and result SUCCESS or FAILED"
            try await self.deliveries.record(
                source: .eventbridge,
                deliveryId: event.id,
                outcome: .ignored,
                reason: reason
            )
            return .ignored(reason)
        }
        let destination = ReplicationDestination(region: event.region, registryId: event.account)
        let check = DestinationCheck(
            destination: destination,
            method: "eventbridge",
            status: detail.result == "SUCCESS" ? .verified : .failed,
            observedDigest: detail.result == "SUCCESS" ? digest : nil,
            seenAt: Date(),
            error: detail.result == "FAILED" ? "EventBridge reported the replication FAILED." : nil
        )
        let eventId = event.id
        return try await self.jobs.database.write { connection -> Outcome in
            if try WebhookDeliveryLog.acceptedJobId(source: .eventbridge, deliveryId: eventId, in: connection) != nil {
                try WebhookDeliveryLog.insert(
                    source: .eventbridge,
                    deliveryId: eventId,
                    outcome: .duplicate,
                    reason: nil,
                    jobId: nil,
                    in: connection
                )
                return .ignored("the event was delivered before")
            }
            let ids = try ReplicationJobStore().settle(
                check,
                repository: repository,
                digest: digest,
                now: Date(),
                in: connection
            )
            let reason = ids.isEmpty ? "no open job waits for this digest in \(destination)" : nil
            try WebhookDeliveryLog.insert(
                source: .eventbridge,
                deliveryId: eventId,
                outcome: ids.isEmpty ? .ignored : .accepted,
                reason: reason,
                jobId: ids.first,
                in: connection
            )
            return reason.map(Outcome.ignored) ?? .updated(jobIds: ids)
        }
    }
}
