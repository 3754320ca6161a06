/// Amazon SNS operations (awsQuery protocol) in one region.
public struct SNS: Sendable {
    let executor: AWSCallExecutor
    public let region: String
    let credentialProvider: (any CredentialProvider)?

    private func call(_ action: String, _ input: some QueryEncodable) async throws -> XMLNode {
        try await self.executor.query(
            .sns,
            action: action,
            region: self.region,
            input: input,
            credentials: self.credentialProvider
        )
    }

    /// Creates the topic `request.name`, or returns the existing one's ARN.
    public func createTopic(_ request: CreateTopicRequest) async throws -> CreateTopicResponse {
        CreateTopicResponse(topicArn: try await self.call("CreateTopic", request).string("TopicArn") ?? "")
    }

    public func deleteTopic(_ request: DeleteTopicRequest) async throws {
        _ = try await self.call("DeleteTopic", request)
    }

    /// Publishes a message and returns its id.
    public func publish(_ request: PublishRequest) async throws -> PublishResponse {
        PublishResponse(messageId: try await self.call("Publish", request).string("MessageId") ?? "")
    }

    /// Subscribes an endpoint; the ARN is `pending confirmation` until an email or HTTP endpoint confirms.
    public func subscribe(_ request: SubscribeRequest) async throws -> SubscribeResponse {
        SubscribeResponse(subscriptionArn: try await self.call("Subscribe", request).string("SubscriptionArn") ?? "")
    }
}
