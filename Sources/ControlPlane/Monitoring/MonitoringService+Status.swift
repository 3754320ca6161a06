import AWSClient
import Foundation

extension MonitoringService {
    /// Returns the resources for `namePrefix` that exist in AWS now.
    public func current(namePrefix: String) async throws -> MonitoringResources {
        let region = try self.registry.sourceRegion()
        let names = MonitoringSettings.Names(prefix: namePrefix)
        let arn = try await self.topicArn(names.topic, region: region)
        let topicExists = try await self.topicExists(arn, region: region)
        let subscriptions =
            topicExists
            ? try await self.registry.aws.sns(region: region).allSubscriptions(ofTopic: arn).map {
                MonitoringSubscription(
                    protocol: $0.protocol,
                    endpoint: $0.endpoint,
                    subscriptionArn: $0.subscriptionArn
                )
            } : []
        let dashboard = try await self.dashboardBody(names.dashboard, region: region)
        let alarms = try await self.existingAlarms(names, region: region)
        return MonitoringResources(
            region: region,
            namePrefix: namePrefix,
            topicArn: topicExists ? arn : nil,
            dashboardName: dashboard == nil ? nil : names.dashboard,
            alarmNames: alarms,
            subscriptions: subscriptions,
            dashboardRegions: [],
            changes: [],
            changed: false
        )
    }

    /// Deletes the alarms, the dashboard and the topic (with its subscriptions) for `namePrefix`, each
    /// recorded in the audit log, and returns what remains: nothing, unless a delete failed.
    public func tearDown(namePrefix: String, origin: ChangeRecorder.Origin) async throws -> MonitoringResources {
        let region = try self.registry.sourceRegion()
        let names = MonitoringSettings.Names(prefix: namePrefix)
        let cloudWatch = self.registry.aws.cloudWatch(region: region)
        var changes: [MonitoringChange] = []
        let alarms = try await self.existingAlarms(names, region: region)
        for name in names.alarms {
            guard alarms.contains(name) else {
                changes.append(MonitoringChange(resource: "alarm", name: name, action: .absent))
                continue
            }
            try await self.recordDeletion("alarm", name, region, origin) {
                try await cloudWatch.deleteAlarms(DeleteAlarmsRequest(alarmNames: [name]))
            }
            changes.append(MonitoringChange(resource: "alarm", name: name, action: .deleted))
        }
        if let body = try await self.dashboardBody(names.dashboard, region: region) {
            try await self.recordDeletion("dashboard", names.dashboard, region, origin, before: body) {
                try await cloudWatch.deleteDashboards(DeleteDashboardsRequest(dashboardNames: [names.dashboard]))
            }
            changes.append(MonitoringChange(resource: "dashboard", name: names.dashboard, action: .deleted))
        } else {
            changes.append(MonitoringChange(resource: "dashboard", name: names.dashboard, action: .absent))
        }
        let arn = try await self.topicArn(names.topic, region: region)
        if try await self.topicExists(arn, region: region) {
            let sns = self.registry.aws.sns(region: region)
            try await self.recordDeletion(
                "topic",
                names.topic,
                region,
                origin,
                before: ChangeRecorder.json(["topicArn": arn])
            ) {
                try await sns.deleteTopic(DeleteTopicRequest(topicArn: arn))
            }
            changes.append(MonitoringChange(resource: "topic", name: names.topic, action: .deleted))
        } else {
            changes.append(MonitoringChange(resource: "topic", name: names.topic, action: .absent))
        }
        let remaining = try await self.current(namePrefix: namePrefix)
        return MonitoringResources(
            region: region,
            namePrefix: namePrefix,
            topicArn: remaining.topicArn,
            dashboardName: remaining.dashboardName,
            alarmNames: remaining.alarmNames,
            subscriptions: remaining.subscriptions,
            dashboardRegions: [],
            changes: changes,
            changed: changes.contains { $0.action == .deleted }
        )
    }

    /// Returns the names of the alarms for `names` that exist, in the order of `names.alarms`.
    private func existingAlarms(_ names: MonitoringSettings.Names, region: String) async throws -> [String] {
        let found = try await self.registry.aws.cloudWatch(region: region)
            .allAlarms(DescribeAlarmsRequest(alarmNames: names.alarms))
            .compactMap(\.alarmName)
        return names.alarms.filter { found.contains($0) }
    }

    private func recordDeletion(
        _ resource: String,
        _ name: String,
        _ region: String,
        _ origin: ChangeRecorder.Origin,
        before: String? = nil,
        delete: () async throws -> Void
    ) async throws {
        try await self.changes.record(
            "monitoring.\(resource).delete",
            target: Self.auditTarget(region: region, resource: resource, name: name),
            origin: origin,
            before: before ?? ChangeRecorder.json(["name": name]),
            change: delete,
            after: { _ in nil }
        )
    }
}
