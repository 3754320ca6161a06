/// One resource that provisioning or teardown looked at, and what it did to it.
public struct MonitoringChange: Sendable, Hashable, Codable {
    /// `created`, `updated`, `unchanged`, `deleted` or `absent`.
    public enum Action: String, Sendable, Hashable, Codable {
        case created
        case updated
        case unchanged
        case deleted
        case absent
    }

    /// `topic`, `subscription`, `dashboard` or `alarm`.
    public let resource: String
    public let name: String
    public let action: Action

    public init(resource: String, name: String, action: Action) {
        self.resource = resource
        self.name = name
        self.action = action
    }
}

/// An SNS subscription of the alert topic.
public struct MonitoringSubscription: Sendable, Hashable, Codable {
    public let `protocol`: String
    public let endpoint: String
    /// `PendingConfirmation` until an email or HTTPS endpoint confirms.
    public let subscriptionArn: String
}

/// The monitoring resources that exist in AWS for one name prefix, and what the last call changed.
public struct MonitoringResources: Sendable, Hashable, Codable {
    /// The region of the topic, dashboard and alarms: the source region.
    public let region: String
    public let namePrefix: String
    /// Nil when the topic does not exist.
    public let topicArn: String?
    /// Nil when the dashboard does not exist.
    public let dashboardName: String?
    /// The alarms that exist, in a fixed order: failed, missing, latency, no verifications.
    public let alarmNames: [String]
    public let subscriptions: [MonitoringSubscription]
    /// The regions the dashboard shows; empty for a status read or a teardown.
    public let dashboardRegions: [String]
    public let changes: [MonitoringChange]
    /// True when any resource was created, updated or deleted.
    public let changed: Bool
}

extension MonitoringResources {
    private enum CodingKeys: String, CodingKey {
        case region, namePrefix, topicArn, dashboardName, alarmNames, subscriptions, dashboardRegions, changes, changed
    }

    /// Encodes every member, with `null` for a topic or dashboard that does not exist, so clients can tell
    /// "absent" from "not reported".
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.region, forKey: .region)
        try container.encode(self.namePrefix, forKey: .namePrefix)
        try container.encode(self.topicArn, forKey: .topicArn)
        try container.encode(self.dashboardName, forKey: .dashboardName)
        try container.encode(self.alarmNames, forKey: .alarmNames)
        try container.encode(self.subscriptions, forKey: .subscriptions)
        try container.encode(self.dashboardRegions, forKey: .dashboardRegions)
        try container.encode(self.changes, forKey: .changes)
        try container.encode(self.changed, forKey: .changed)
    }
}
