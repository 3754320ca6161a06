import AWSClient
import Foundation

/// Creates, reads and deletes the alert topic, dashboard and alarms in the source region.
///
/// Provisioning is idempotent: each resource is read first and written only when missing or different,
/// so a second call with the same settings changes nothing and reports every resource as `unchanged`.
/// Every write is recorded in the audit log with the state before and after.
public struct MonitoringService: Sendable {
    public let registry: RegistryContext
    public let changes: ChangeRecorder

    public init(registry: RegistryContext, changes: ChangeRecorder) {
        self.registry = registry
        self.changes = changes
    }

    /// Creates or updates every resource for `settings` and returns what exists afterwards.
    ///
    /// - Throws: `AWSError` from the first call that fails, after recording it; resources made before it stay.
    public func provision(_ settings: MonitoringSettings, origin: ChangeRecorder.Origin) async throws
        -> MonitoringResources
    {
        let region = try self.registry.sourceRegion()
        var changes: [MonitoringChange] = []
        let topicArn = try await self.ensureTopic(settings.names.topic, region: region, origin, &changes)
        let subscriptions = try await self.ensureSubscriptions(settings, topicArn: topicArn, region, origin, &changes)
        let destinations = try await self.destinationRegions()
        let dashboard = MonitoringDashboard(
            settings: settings,
            metricsRegion: region,
            sourceRegion: region,
            destinationRegions: destinations
        )
        try await self.ensureDashboard(settings.names.dashboard, body: dashboard.body(), region, origin, &changes)
        for request in MonitoringAlarms.requests(for: settings, topicArn: topicArn) {
            try await self.ensureAlarm(request, region, origin, &changes)
        }
        return MonitoringResources(
            region: region,
            namePrefix: settings.namePrefix,
            topicArn: topicArn,
            dashboardName: settings.names.dashboard,
            alarmNames: settings.names.alarms,
            subscriptions: subscriptions,
            dashboardRegions: [region] + destinations,
            changes: changes,
            changed: changes.contains { $0.action != .unchanged }
        )
    }

    /// Returns the audit target of a monitoring resource, such as `monitoring:eu-north-1/alarm/name`.
    static func auditTarget(region: String, resource: String, name: String) -> String {
        "monitoring:\(region)/\(resource)/\(name)"
    }

    /// Returns the ARN of topic `name` in the source region and account, which SNS derives from them.
    func topicArn(_ name: String, region: String) async throws -> String {
        let account = try await self.registry.sourceAccount()
        return "arn:\(Partition.of(region: region).id):sns:\(region):\(account):\(name)"
    }

    /// Returns the distinct destination regions of the source registry's replication rules, sorted.
    func destinationRegions() async throws -> [String] {
        let region = try self.registry.sourceRegion()
        let registry = try await self.registry.ecr(region: region).describeRegistry()
        let regions = (registry.replicationConfiguration?.rules ?? []).flatMap { $0.destinations.map(\.region) }
        return Set(regions).subtracting([region]).sorted()
    }
}
