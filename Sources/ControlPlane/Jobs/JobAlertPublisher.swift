import AWSClient
import Foundation
import Observability

/// Publishes the outcome of finished jobs to an SNS topic: every failure, and successes when asked.
public struct JobAlertPublisher: Sendable {
    public let topicArn: String
    public let onSuccess: Bool
    let aws: AWSClient
    let logger: Logger

    public init(topicArn: String, onSuccess: Bool, aws: AWSClient, logger: Logger) {
        self.topicArn = topicArn
        self.onSuccess = onSuccess
        self.aws = aws
        self.logger = logger
    }

    /// Returns the region of an SNS topic ARN (`arn:aws:sns:REGION:ACCOUNT:NAME`), or nil for another text.
    public static func region(ofTopic arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "sns", !parts[3].isEmpty, !parts[5].isEmpty else {
            return nil
        }
        return String(parts[3])
    }

    /// Publishes `job` when its state calls for an alert. A failed publish is logged and dropped, because the
    /// job's outcome is already stored and visible through the API.
    public func publish(_ job: ReplicationJob) async {
        guard job.state == .failed || (job.state == .succeeded && self.onSuccess),
            let region = Self.region(ofTopic: self.topicArn)
        else {
            return
        }
        do {
            let request = PublishRequest(
                topicArn: self.topicArn,
                message: Self.message(for: job),
                subject: "ECR replication job \(job.id) \(job.state.rawValue)",
                messageAttributes: ["state": SNSMessageAttribute(dataType: "String", stringValue: job.state.rawValue)]
            )
            _ = try await self.aws.sns(region: region).publish(request)
        } catch {
            self.logger.error(
                "Publishing a job alert failed.",
                metadata: [
                    "job.id": String(job.id), "sns.topic_arn": self.topicArn, "error": String(describing: error),
                ]
            )
        }
    }

    /// Returns the JSON message: the job, its repository and digest, and the detail of each destination.
    public static func message(for job: ReplicationJob) -> String {
        let destinations: [[String: Any]] = job.destinations.map { destination in
            var entry: [String: Any] = [
                "region": destination.destination.region,
                "registryId": destination.destination.registryId,
                "route": destination.route.rawValue,
                "status": destination.status.rawValue,
                "checks": destination.checks,
            ]
            entry["latencySeconds"] = destination.latencySeconds
            entry["tagState"] = destination.tagState?.rawValue
            entry["lastError"] = destination.lastError
            return entry
        }
        var body: [String: Any] = [
            "jobId": job.id,
            "repository": job.repository,
            "digest": job.digest,
            "state": job.state.rawValue,
            "sourceRegion": job.sourceRegion,
            "deadline": RFC3339.string(from: job.deadline),
            "destinations": destinations,
        ]
        body["tag"] = job.tag
        body["lastError"] = job.lastError
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
