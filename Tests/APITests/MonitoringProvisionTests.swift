import AWSClient
import ControlPlane
import Foundation
import Testing

/// `POST`/`GET`/`DELETE /v1/monitoring/provision` against moto: topic, dashboard and alarms in eu-north-1.
@Suite(.enabled(if: MonitoringTestSupport.motoAvailable))
struct MonitoringProvisionTests {
    static let region = MonitoringTestSupport.sourceRegion

    static func body(prefix: String, namespace: String) -> String {
        """
        {"namePrefix": "\(prefix)", "namespace": "\(namespace)", "emailSubscriptions": ["ops@example.com"],
         "failureThreshold": 2, "failureEvaluationPeriods": 3, "latencyThresholdSeconds": 900, "deadManMinutes": 30}
        """
    }

    static func alarms(_ names: [String]) async throws -> [MetricAlarm] {
        try await MonitoringTestSupport.aws.cloudWatch(region: Self.region).allAlarms(
            DescribeAlarmsRequest(alarmNames: names)
        )
    }

    @Test func provisionIsIdempotentAndDeleteRemovesAll() async throws {
        try await MonitoringTestSupport.replicateToDestination()
        try await withApplication(sourceRegion: Self.region) { app in
            let prefix = "ecpmon-" + UUID().uuidString.prefix(8).lowercased()
            let namespace = "ECPTest/" + prefix
            let names = MonitoringSettings.Names(prefix: prefix)
            let body = Self.body(prefix: prefix, namespace: namespace)

            let first = try await app.request("POST", "/v1/monitoring/provision", token: app.adminToken, body: body)
            #expect(first.status == 200)
            let topicArn = try #require(first.json["topicArn"] as? String)
            #expect(topicArn.hasSuffix(":\(names.topic)"))
            #expect(first.json["dashboardName"] as? String == prefix)
            #expect(first.json["alarmNames"] as? [String] == names.alarms)
            #expect(first.json["changed"] as? Bool == true)
            #expect(
                first.json["dashboardRegions"] as? [String] == [Self.region, MonitoringTestSupport.destinationRegion]
            )

            let sns = MonitoringTestSupport.aws.sns(region: Self.region)
            let attributes = try await sns.getTopicAttributes(GetTopicAttributesRequest(topicArn: topicArn))
            #expect(attributes["TopicArn"] == topicArn)
            let subscriptions = try await sns.allSubscriptions(ofTopic: topicArn)
            #expect(subscriptions.map(\.endpoint) == ["ops@example.com"])
            let dashboard = try await MonitoringTestSupport.aws.cloudWatch(region: Self.region)
                .getDashboard(GetDashboardRequest(dashboardName: prefix))
            #expect(dashboard.dashboardBody?.contains("RepositoryPullCount") == true)
            #expect(dashboard.dashboardBody?.contains(namespace) == true)
            let alarms = try await Self.alarms(names.alarms)
            #expect(Set(alarms.compactMap(\.alarmName)) == Set(names.alarms))
            let failed = alarms.first { $0.alarmName == names.failureAlarm }
            #expect(failed?.metricName == "ReplicationFailed")
            #expect(failed?.namespace == namespace)
            #expect(failed?.threshold == 2)
            #expect(failed?.evaluationPeriods == 3)
            #expect(failed?.alarmActions == [topicArn])
            let deadMan = alarms.first { $0.alarmName == names.deadManAlarm }
            #expect(deadMan?.treatMissingData == "breaching")
            #expect(deadMan?.evaluationPeriods == 6)
            #expect(deadMan?.comparisonOperator == "LessThanThreshold")

            let second = try await app.request("POST", "/v1/monitoring/provision", token: app.adminToken, body: body)
            #expect(second.status == 200)
            #expect(second.json["changed"] as? Bool == false)
            let actions = (second.json["changes"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.count == 7)
            #expect(Set(actions) == ["unchanged"])
            #expect(second.json["topicArn"] as? String == topicArn)

            let fetched = try await app.request(
                "GET",
                "/v1/monitoring/provision?namePrefix=\(prefix)",
                token: app.viewerToken
            )
            #expect(fetched.status == 200)
            #expect(fetched.json["topicArn"] as? String == topicArn)
            #expect(fetched.json["dashboardName"] as? String == prefix)
            #expect(fetched.json["alarmNames"] as? [String] == names.alarms)

            let alarmEvents = try await MonitoringTestSupport.auditEvents(
                app,
                action: "monitoring.alarm.put",
                targetPrefix: "monitoring:\(Self.region)/alarm/\(prefix)"
            )
            #expect(alarmEvents.count == 4)

            let deleted = try await app.request(
                "DELETE",
                "/v1/monitoring/provision?namePrefix=\(prefix)",
                token: app.adminToken
            )
            #expect(deleted.status == 200)
            #expect(deleted.json["changed"] as? Bool == true)
            #expect(deleted.json["topicArn"] is NSNull)
            #expect(deleted.json["dashboardName"] is NSNull)
            #expect(deleted.json["alarmNames"] as? [String] == [])
            #expect(try await Self.alarms(names.alarms).isEmpty)
            await #expect(throws: AWSError.self) {
                _ = try await sns.getTopicAttributes(GetTopicAttributesRequest(topicArn: topicArn))
            }
            await #expect(throws: AWSError.self) {
                _ = try await MonitoringTestSupport.aws.cloudWatch(region: Self.region)
                    .getDashboard(GetDashboardRequest(dashboardName: prefix))
            }
            let deleteEvents = try await MonitoringTestSupport.auditEvents(
                app,
                action: "monitoring.topic.delete",
                targetPrefix: "monitoring:\(Self.region)/topic/\(names.topic)"
            )
            #expect(deleteEvents.count == 1)
        }
    }

    @Test func invalidProvisionBodyIsRejected() async throws {
        try await withApplication(sourceRegion: Self.region) { app in
            let period = try await app.request(
                "POST",
                "/v1/monitoring/provision",
                token: app.adminToken,
                body: #"{"periodSeconds": 7, "namePrefix": "bad name"}"#
            )
            #expect(period.status == 400)
            #expect(Set(period.errorFields) == ["periodSeconds", "namePrefix"])
            let unknown = try await app.request(
                "POST",
                "/v1/monitoring/provision",
                token: app.adminToken,
                body: #"{"thresholds": 1}"#
            )
            #expect(unknown.status == 400)
            #expect(unknown.errorFields == ["thresholds"])
            let viewer = try await app.request("POST", "/v1/monitoring/provision", token: app.viewerToken, body: "{}")
            #expect(viewer.status == 403)
        }
    }
}
