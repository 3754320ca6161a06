import Foundation

/// An EventBridge resource tag.
public struct EventBridgeTag: Codable, Sendable, Equatable {
    public var key: String
    public var value: String

    enum CodingKeys: String, CodingKey {
        case key = "Key"
        case value = "Value"
    }

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

public struct PutRuleRequest: Codable, Sendable, Equatable {
    public var name: String
    /// The event pattern as a JSON document.
    public var eventPattern: String?
    public var scheduleExpression: String?
    /// `ENABLED` or `DISABLED`.
    public var state: String?
    public var description: String?
    public var roleArn: String?
    public var tags: [EventBridgeTag]?
    public var eventBusName: String?

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case eventPattern = "EventPattern"
        case scheduleExpression = "ScheduleExpression"
        case state = "State"
        case description = "Description"
        case roleArn = "RoleArn"
        case tags = "Tags"
        case eventBusName = "EventBusName"
    }

    public init(
        name: String,
        eventPattern: String? = nil,
        scheduleExpression: String? = nil,
        state: String? = nil,
        description: String? = nil,
        roleArn: String? = nil,
        tags: [EventBridgeTag]? = nil,
        eventBusName: String? = nil
    ) {
        self.name = name
        self.eventPattern = eventPattern
        self.scheduleExpression = scheduleExpression
        self.state = state
        self.description = description
        self.roleArn = roleArn
        self.tags = tags
        self.eventBusName = eventBusName
    }
}

public struct PutRuleResponse: Codable, Sendable, Equatable {
    public var ruleArn: String?

    enum CodingKeys: String, CodingKey {
        case ruleArn = "RuleArn"
    }

    public init(ruleArn: String? = nil) {
        self.ruleArn = ruleArn
    }
}

/// A target of a rule.
public struct EventTarget: Codable, Sendable, Equatable {
    public var id: String
    public var arn: String
    public var roleArn: String?
    public var input: String?
    public var inputPath: String?

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case arn = "Arn"
        case roleArn = "RoleArn"
        case input = "Input"
        case inputPath = "InputPath"
    }

    public init(id: String, arn: String, roleArn: String? = nil, input: String? = nil, inputPath: String? = nil) {
        self.id = id
        self.arn = arn
        self.roleArn = roleArn
        self.input = input
        self.inputPath = inputPath
    }
}

public struct PutTargetsRequest: Codable, Sendable, Equatable {
    public var rule: String
    public var targets: [EventTarget]
    public var eventBusName: String?

    enum CodingKeys: String, CodingKey {
        case rule = "Rule"
        case targets = "Targets"
        case eventBusName = "EventBusName"
    }

    public init(rule: String, targets: [EventTarget], eventBusName: String? = nil) {
        self.rule = rule
        self.targets = targets
        self.eventBusName = eventBusName
    }
}

/// A target that PutTargets or RemoveTargets could not change.
public struct TargetFailure: Codable, Sendable, Equatable {
    public var targetId: String?
    public var errorCode: String?
    public var errorMessage: String?

    enum CodingKeys: String, CodingKey {
        case targetId = "TargetId"
        case errorCode = "ErrorCode"
        case errorMessage = "ErrorMessage"
    }

    public init(targetId: String? = nil, errorCode: String? = nil, errorMessage: String? = nil) {
        self.targetId = targetId
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }
}

/// The output of PutTargets and RemoveTargets.
public struct TargetsResponse: Codable, Sendable, Equatable {
    public var failedEntryCount: Int?
    public var failedEntries: [TargetFailure]?

    enum CodingKeys: String, CodingKey {
        case failedEntryCount = "FailedEntryCount"
        case failedEntries = "FailedEntries"
    }

    public init(failedEntryCount: Int? = nil, failedEntries: [TargetFailure]? = nil) {
        self.failedEntryCount = failedEntryCount
        self.failedEntries = failedEntries
    }
}

public struct RemoveTargetsRequest: Codable, Sendable, Equatable {
    public var rule: String
    public var ids: [String]
    public var eventBusName: String?
    public var force: Bool?

    enum CodingKeys: String, CodingKey {
        case rule = "Rule"
        case ids = "Ids"
        case eventBusName = "EventBusName"
        case force = "Force"
    }

    public init(rule: String, ids: [String], eventBusName: String? = nil, force: Bool? = nil) {
        self.rule = rule
        self.ids = ids
        self.eventBusName = eventBusName
        self.force = force
    }
}

public struct DeleteRuleRequest: Codable, Sendable, Equatable {
    public var name: String
    public var eventBusName: String?
    public var force: Bool?

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case eventBusName = "EventBusName"
        case force = "Force"
    }

    public init(name: String, eventBusName: String? = nil, force: Bool? = nil) {
        self.name = name
        self.eventBusName = eventBusName
        self.force = force
    }
}
