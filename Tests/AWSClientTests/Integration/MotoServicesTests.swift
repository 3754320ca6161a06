import Foundation
import Observability
import Testing

@testable import AWSClient

/// CloudWatch, SNS, STS and EventBridge operations against the shared moto.
@Suite(.enabled(if: TestSupport.motoAvailable))
struct MotoServicesTests {
    let client = TestSupport.motoClient()

    @Test func cloudWatchMetricsAlarmsAndDashboards() async throws {
        let cloudWatch = self.client.cloudWatch(region: "us-east-1")
        try await cloudWatch.putMetricData(
            PutMetricDataRequest(
                namespace: "ECRControlPlane/Tests",
                metricData: [
                    MetricDatum(
                        metricName: "ReplicationLagSeconds",
                        value: 12.5,
                        dimensions: [Dimension(name: "Region", value: "us-west-2")],
                        timestamp: Date(),
                        unit: "Seconds"
                    )
                ]
            )
        )
        let alarmName = TestSupport.uniqueName("alarm")
        try await cloudWatch.putMetricAlarm(
            PutMetricAlarmRequest(
                alarmName: alarmName,
                metricName: "ReplicationFailures",
                namespace: "ECRControlPlane/Tests",
                period: 300,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                dimensions: [Dimension(name: "Region", value: "us-west-2")],
                treatMissingData: "notBreaching"
            )
        )
        let alarms = try await cloudWatch.allAlarms(DescribeAlarmsRequest(alarmNames: [alarmName]))
        #expect(alarms.count == 1)
        #expect(alarms.first?.alarmName == alarmName)
        #expect(alarms.first?.threshold == 1)
        #expect(alarms.first?.period == 300)
        try await cloudWatch.deleteAlarms(DeleteAlarmsRequest(alarmNames: [alarmName]))
        let afterDelete = try await cloudWatch.describeAlarms(DescribeAlarmsRequest(alarmNames: [alarmName]))
        #expect(afterDelete.metricAlarms?.isEmpty ?? true)

        let dashboardName = TestSupport.uniqueName("dashboard")
        let body =
            "{\"widgets\":[{\"type\":\"text\",\"x\":0,\"y\":0,\"width\":6,\"height\":3,\"properties\":{\"markdown\":\"ECR\"}}]}"
        _ = try await cloudWatch.putDashboard(PutDashboardRequest(dashboardName: dashboardName, dashboardBody: body))
        let dashboard = try await cloudWatch.getDashboard(GetDashboardRequest(dashboardName: dashboardName))
        #expect(dashboard.dashboardName == dashboardName)
        #expect(dashboard.dashboardBody == body)
        try await cloudWatch.deleteDashboards(DeleteDashboardsRequest(dashboardNames: [dashboardName]))
        let missing = try await #require(throws: AWSError.self) {
            _ = try await cloudWatch.getDashboard(GetDashboardRequest(dashboardName: dashboardName))
        }
        #expect(missing.statusCode == 404 || missing.statusCode == 400)
    }

    @Test func snsTopicPublishAndSubscribe() async throws {
        let sns = self.client.sns(region: "us-east-1")
        let topic = try await sns.createTopic(
            CreateTopicRequest(
                name: TestSupport.uniqueName("replication"),
                attributes: ["DisplayName": "ECR replication"],
                tags: ["team": "platform"]
            )
        )
        #expect(topic.topicArn.hasPrefix("arn:aws:sns:us-east-1:"))
        let subscription = try await sns.subscribe(
            SubscribeRequest(topicArn: topic.topicArn, protocol: "email", endpoint: "ops@example.com")
        )
        #expect(!subscription.subscriptionArn.isEmpty)
        let published = try await sns.publish(
            PublishRequest(
                topicArn: topic.topicArn,
                message: "{\"result\":\"FAILED\",\"note\":\"a+b=c & d/e\"}",
                subject: "Replication failed",
                messageAttributes: ["severity": SNSMessageAttribute(stringValue: "high")]
            )
        )
        #expect(!published.messageId.isEmpty)
        try await sns.deleteTopic(DeleteTopicRequest(topicArn: topic.topicArn))
        let error = try await #require(throws: AWSError.self) {
            _ = try await sns.publish(PublishRequest(topicArn: topic.topicArn, message: "gone"))
        }
        #expect(error.code == "NotFound")
        #expect(error.statusCode == 404)
    }

    @Test func stsCallerIdentityAndAssumeRole() async throws {
        let sts = self.client.sts(region: "us-east-1")
        let identity = try await sts.getCallerIdentity()
        #expect(identity.account.count == 12)
        #expect(identity.arn.hasPrefix("arn:aws:"))

        let roleArn = "arn:aws:iam::\(identity.account):role/ecr-replication"
        let assumed = try await sts.assumeRole(AssumeRoleRequest(roleArn: roleArn, roleSessionName: "tests"))
        #expect(assumed.credentials.sessionToken != nil)
        #expect(assumed.credentials.expiration != nil)
        #expect(assumed.assumedRoleArn.contains("assumed-role/ecr-replication/tests"))

        let web = try await sts.assumeRoleWithWebIdentity(
            AssumeRoleWithWebIdentityRequest(roleArn: roleArn, roleSessionName: "web", webIdentityToken: "token")
        )
        #expect(!web.credentials.accessKeyId.isEmpty)
    }

    @Test func assumedRoleClientCallsWithRoleCredentials() async throws {
        let identity = try await self.client.sts(region: "us-east-1").getCallerIdentity()
        let roleArn = "arn:aws:iam::\(identity.account):role/cross-account"
        let provider = self.client.credentialProvider(assumingRole: roleArn)
        #expect(self.client.credentialProvider(assumingRole: roleArn) as AnyObject === provider as AnyObject)
        let first = try #require(try await provider.credentials())
        let second = try #require(try await provider.credentials())
        #expect(first == second)
        #expect(first.sessionToken != nil)

        let asRole = try await self.client.sts(region: "us-east-1", roleArn: roleArn).getCallerIdentity()
        #expect(asRole.arn.contains("assumed-role/cross-account"))
        let registry = try await self.client.ecr(region: "us-east-1", roleArn: roleArn).describeRegistry()
        #expect(registry.registryId != nil)
    }

    @Test func eventBridgeRuleAndTargets() async throws {
        let events = self.client.eventBridge(region: "us-east-1")
        let ruleName = TestSupport.uniqueName("ecr-push")
        let pattern = "{\"source\":[\"aws.ecr\"],\"detail-type\":[\"ECR Image Action\"]}"
        let rule = try await events.putRule(PutRuleRequest(name: ruleName, eventPattern: pattern, state: "ENABLED"))
        #expect(rule.ruleArn?.hasSuffix("rule/\(ruleName)") == true)
        let targets = try await events.putTargets(
            PutTargetsRequest(
                rule: ruleName,
                targets: [EventTarget(id: "notify", arn: "arn:aws:sns:us-east-1:123456789012:ops")]
            )
        )
        #expect(targets.failedEntryCount == 0)
        let removed = try await events.removeTargets(RemoveTargetsRequest(rule: ruleName, ids: ["notify"]))
        #expect(removed.failedEntryCount == 0)
        try await events.deleteRule(DeleteRuleRequest(name: ruleName))
    }

    @Test func metricsCountCallsAndErrors() async throws {
        let metrics = MetricsRegistry()
        let client = AWSClient(
            configuration: TestSupport.configuration(endpoint: TestSupport.motoEndpoint ?? ""),
            metrics: metrics
        )
        let ecr = client.ecr(region: "us-east-1")
        _ = try await ecr.describeRegistry()
        _ = try? await ecr.describeRepositories(DescribeRepositoriesRequest(repositoryNames: ["missing-\(UUID())"]))
        let labels = ["service": "ECR", "operation": "DescribeRegistry"]
        #expect(metrics.value(of: "aws_calls_total", labels: labels) == 1)
        let errorLabels = [
            "service": "ECR", "operation": "DescribeRepositories", "code": "RepositoryNotFoundException",
        ]
        #expect(metrics.value(of: "aws_errors_total", labels: errorLabels) == 1)
        #expect(metrics.prometheusText().contains("aws_call_duration_seconds_count{operation=\"DescribeRegistry\""))
    }
}
