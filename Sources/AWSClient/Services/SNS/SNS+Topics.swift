/// GetTopicAttributes input.
public struct GetTopicAttributesRequest: QueryEncodable, Codable, Equatable {
    public var topicArn: String

    public init(topicArn: String) {
        self.topicArn = topicArn
    }

    public func encode(into parameters: inout QueryParameters) {
        parameters.add("TopicArn", self.topicArn)
    }
}

/// ListSubscriptionsByTopic input.
public struct ListSubscriptionsByTopicRequest: QueryEncodable, Codable, Equatable {
    public var topicArn: String
    public var nextToken: String?

    public init(topicArn: String, nextToken: String? = nil) {
        self.topicArn = topicArn
        self.nextToken = nextToken
    }

    public func encode(into parameters: inout QueryParameters) {
        parameters.add("TopicArn", self.topicArn)
        parameters.add("NextToken", self.nextToken)
    }
}

/// One subscription of a topic.
public struct SNSSubscription: Codable, Sendable, Equatable {
    public var subscriptionArn: String
    /// `email`, `https` and the other SNS protocols.
    public var `protocol`: String
    public var endpoint: String

    public init(subscriptionArn: String, protocol: String, endpoint: String) {
        self.subscriptionArn = subscriptionArn
        self.protocol = `protocol`
        self.endpoint = endpoint
    }
}

extension SNS {
    /// Returns the attributes of a topic, such as `TopicArn` and `DisplayName`.
    ///
    /// - Throws: `AWSError` with code `NotFound` when the topic does not exist.
    public func getTopicAttributes(_ request: GetTopicAttributesRequest) async throws -> [String: String] {
        let result = try await self.executor.query(
            .sns,
            action: "GetTopicAttributes",
            region: self.region,
            input: request,
            credentials: self.credentialProvider
        )
        var attributes: [String: String] = [:]
        for entry in result.child("Attributes")?.children ?? [] where entry.name == "entry" {
            if let key = entry.string("key") {
                attributes[key] = entry.string("value") ?? ""
            }
        }
        return attributes
    }

    /// Returns every subscription of a topic, following `NextToken`.
    public func allSubscriptions(ofTopic topicArn: String) async throws -> [SNSSubscription] {
        var subscriptions: [SNSSubscription] = []
        var request = ListSubscriptionsByTopicRequest(topicArn: topicArn)
        while true {
            let result = try await self.executor.query(
                .sns,
                action: "ListSubscriptionsByTopic",
                region: self.region,
                input: request,
                credentials: self.credentialProvider
            )
            for member in result.members("Subscriptions") {
                subscriptions.append(
                    SNSSubscription(
                        subscriptionArn: member.string("SubscriptionArn") ?? "",
                        protocol: member.string("Protocol") ?? "",
                        endpoint: member.string("Endpoint") ?? ""
                    )
                )
            }
            guard let token = result.string("NextToken"), !token.isEmpty else {
                return subscriptions
            }
            request.nextToken = token
        }
    }
}
