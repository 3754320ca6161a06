import AWSClient
import Foundation

extension MonitoringService {
    func ensureTopic(
        _ name: String,
        region: String,
        _ origin: ChangeRecorder.Origin,
        _ changes: inout [MonitoringChange]
    ) async throws -> String {
        let arn = try await self.topicArn(name, region: region)
        if try await self.topicExists(arn, region: region) {
            changes.append(MonitoringChange(resource: "topic", name: name, action: .unchanged))
            return arn
        }
        let sns = self.registry.aws.sns(region: region)
        let created = try await self.changes.record(
            "monitoring.topic.create",
            target: Self.auditTarget(region: region, resource: "topic", name: name),
            origin: origin,
            before: nil,
            change: { try await sns.createTopic(CreateTopicRequest(name: name)) },
            after: { ChangeRecorder.json(["topicArn": $0.topicArn]) }
        )
        changes.append(MonitoringChange(resource: "topic", name: name, action: .created))
        return created.topicArn
    }

    func topicExists(_ arn: String, region: String) async throws -> Bool {
        do {
            _ = try await self.registry.aws.sns(region: region).getTopicAttributes(
                GetTopicAttributesRequest(topicArn: arn)
            )
            return true
        } catch let error as AWSError where error.code == "NotFound" || error.code == "NotFoundException" {
            return false
        }
    }

    /// Subscribes every requested endpoint the topic lacks; other subscriptions stay as they are.
    func ensureSubscriptions(
        _ settings: MonitoringSettings,
        topicArn: String,
        _ region: String,
        _ origin: ChangeRecorder.Origin,
        _ changes: inout [MonitoringChange]
    ) async throws -> [MonitoringSubscription] {
        let sns = self.registry.aws.sns(region: region)
        let existing = try await sns.allSubscriptions(ofTopic: topicArn)
        var result = existing.map {
            MonitoringSubscription(protocol: $0.protocol, endpoint: $0.endpoint, subscriptionArn: $0.subscriptionArn)
        }
        let requested = settings.emailEndpoints.map { ("email", $0) } + settings.httpsEndpoints.map { ("https", $0) }
        for (kind, endpoint) in requested {
            let name = "\(kind):\(endpoint)"
            if existing.contains(where: { $0.protocol == kind && $0.endpoint == endpoint }) {
                changes.append(MonitoringChange(resource: "subscription", name: name, action: .unchanged))
                continue
            }
            let subscribed = try await self.changes.record(
                "monitoring.subscription.create",
                target: Self.auditTarget(region: region, resource: "topic", name: "\(settings.names.topic)/\(name)"),
                origin: origin,
                before: nil,
                change: {
                    try await sns.subscribe(SubscribeRequest(topicArn: topicArn, protocol: kind, endpoint: endpoint))
                },
                after: { ChangeRecorder.json(["subscriptionArn": $0.subscriptionArn]) }
            )
            result.append(
                MonitoringSubscription(protocol: kind, endpoint: endpoint, subscriptionArn: subscribed.subscriptionArn)
            )
            changes.append(MonitoringChange(resource: "subscription", name: name, action: .created))
        }
        return result
    }

    func ensureDashboard(
        _ name: String,
        body: String,
        _ region: String,
        _ origin: ChangeRecorder.Origin,
        _ changes: inout [MonitoringChange]
    ) async throws {
        let cloudWatch = self.registry.aws.cloudWatch(region: region)
        let current = try await self.dashboardBody(name, region: region)
        if let current, RepositoryService.sameJSON(current, body) {
            changes.append(MonitoringChange(resource: "dashboard", name: name, action: .unchanged))
            return
        }
        _ = try await self.changes.record(
            "monitoring.dashboard.put",
            target: Self.auditTarget(region: region, resource: "dashboard", name: name),
            origin: origin,
            before: current,
            change: {
                try await cloudWatch.putDashboard(PutDashboardRequest(dashboardName: name, dashboardBody: body))
            },
            after: { _ in body }
        )
        changes.append(
            MonitoringChange(resource: "dashboard", name: name, action: current == nil ? .created : .updated)
        )
    }

    /// Returns the body of dashboard `name`, or nil when it does not exist.
    func dashboardBody(_ name: String, region: String) async throws -> String? {
        do {
            let dashboard = try await self.registry.aws.cloudWatch(region: region)
                .getDashboard(GetDashboardRequest(dashboardName: name))
            return dashboard.dashboardBody ?? ""
        } catch let error as AWSError where error.code.hasPrefix("ResourceNotFound") {
            return nil
        }
    }

    func ensureAlarm(
        _ request: PutMetricAlarmRequest,
        _ region: String,
        _ origin: ChangeRecorder.Origin,
        _ changes: inout [MonitoringChange]
    ) async throws {
        let cloudWatch = self.registry.aws.cloudWatch(region: region)
        let current = try await cloudWatch.allAlarms(DescribeAlarmsRequest(alarmNames: [request.alarmName]))
            .first { $0.alarmName == request.alarmName }
        if let current, MonitoringAlarms.matches(current, request) {
            changes.append(MonitoringChange(resource: "alarm", name: request.alarmName, action: .unchanged))
            return
        }
        _ = try await self.changes.record(
            "monitoring.alarm.put",
            target: Self.auditTarget(region: region, resource: "alarm", name: request.alarmName),
            origin: origin,
            before: current.flatMap { ChangeRecorder.json($0) },
            change: { try await cloudWatch.putMetricAlarm(request) },
            after: { _ in ChangeRecorder.json(request) }
        )
        let action: MonitoringChange.Action = current == nil ? .created : .updated
        changes.append(MonitoringChange(resource: "alarm", name: request.alarmName, action: action))
    }
}
