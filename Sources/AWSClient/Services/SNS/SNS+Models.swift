public struct CreateTopicRequest: QueryEncodable, Codable, Equatable {
    public var name: String
    /// Topic attributes such as `DisplayName` or `FifoTopic`.
    public var attributes: [String: String]?
    public var tags: [String: String]?

    public init(name: String, attributes: [String: String]? = nil, tags: [String: String]? = nil) {
        self.name = name
        self.attributes = attributes
        self.tags = tags
    }

    public func encode(into parameters: inout QueryParameters) {
        parameters.add("Name", self.name)
        parameters.addMap("Attributes", self.attributes)
        let tags = (self.tags ?? [:]).sorted { $0.key < $1.key }
        parameters.addStructureList("Tags", tags) { tag, prefix, parameters in
            parameters.add("\(prefix).Key", tag.key)
            parameters.add("\(prefix).Value", tag.value)
        }
    }
}

public struct CreateTopicResponse: Codable, Sendable, Equatable {
    public var topicArn: String

    public init(topicArn: String) {
        self.topicArn = topicArn
    }
}

public struct DeleteTopicRequest: QueryEncodable, Codable, Equatable {
    public var topicArn: String

    public init(topicArn: String) {
        self.topicArn = topicArn
    }

    public func encode(into parameters: inout QueryParameters) {
        parameters.add("TopicArn", self.topicArn)
    }
}

/// A typed SNS message attribute.
public struct SNSMessageAttribute: Codable, Sendable, Equatable {
    /// `String`, `String.Array`, `Number` or `Binary`.
    public var dataType: String
    public var stringValue: String

    public init(dataType: String = "String", stringValue: String) {
        self.dataType = dataType
        self.stringValue = stringValue
    }
}

public struct PublishRequest: QueryEncodable, Codable, Equatable {
    public var topicArn: String
    public var message: String
    public var subject: String?
    public var messageAttributes: [String: SNSMessageAttribute]?

    public init(
        topicArn: String,
        message: String,
        subject: String? = nil,
        messageAttributes: [String: SNSMessageAttribute]? = nil
    ) {
        self.topicArn = topicArn
        self.message = message
        self.subject = subject
        self.messageAttributes = messageAttributes
    }

    public func encode(into parameters: inout QueryParameters) {
        parameters.add("TopicArn", self.topicArn)
        parameters.add("Message", self.message)
        parameters.add("Subject", self.subject)
        for (index, name) in (self.messageAttributes ?? [:]).keys.sorted().enumerated() {
            let prefix = "MessageAttributes.entry.\(index + 1)"
            let attribute = self.messageAttributes![name]!
            parameters.add("\(prefix).Name", name)
            parameters.add("\(prefix).Value.DataType", attribute.dataType)
            parameters.add("\(prefix).Value.StringValue", attribute.stringValue)
        }
    }
}

public struct PublishResponse: Codable, Sendable, Equatable {
    public var messageId: String

    public init(messageId: String) {
        self.messageId = messageId
    }
}

public struct SubscribeRequest: QueryEncodable, Codable, Equatable {
    public var topicArn: String
    /// `email`, `https`, `sqs`, `lambda` and the other SNS protocols.
    public var `protocol`: String
    public var endpoint: String?
    public var attributes: [String: String]?
    public var returnSubscriptionArn: Bool?

    public init(
        topicArn: String,
        protocol: String,
        endpoint: String? = nil,
        attributes: [String: String]? = nil,
        returnSubscriptionArn: Bool? = nil
    ) {
        self.topicArn = topicArn
        self.protocol = `protocol`
        self.endpoint = endpoint
        self.attributes = attributes
        self.returnSubscriptionArn = returnSubscriptionArn
    }

    public func encode(into parameters: inout QueryParameters) {
        parameters.add("TopicArn", self.topicArn)
        parameters.add("Protocol", self.protocol)
        parameters.add("Endpoint", self.endpoint)
        parameters.addMap("Attributes", self.attributes)
        parameters.add("ReturnSubscriptionArn", self.returnSubscriptionArn.map { $0 ? "true" : "false" })
    }
}

public struct SubscribeResponse: Codable, Sendable, Equatable {
    public var subscriptionArn: String

    public init(subscriptionArn: String) {
        self.subscriptionArn = subscriptionArn
    }
}
