import AWSClient

/// The alarms provisioning creates. Each watches the dimensionless series of a metric, which counts every
/// repository and destination, and notifies the alert topic.
enum MonitoringAlarms {
    static func requests(for settings: MonitoringSettings, topicArn: String) -> [PutMetricAlarmRequest] {
        let names = settings.names
        let period = settings.periodSeconds
        let countAlarm = { (name: String, metric: String, description: String) in
            PutMetricAlarmRequest(
                alarmName: name,
                metricName: metric,
                namespace: settings.namespace,
                period: period,
                evaluationPeriods: settings.failureEvaluationPeriods,
                threshold: settings.failureThreshold,
                comparisonOperator: "GreaterThanThreshold",
                statistic: "Sum",
                alarmDescription: description,
                actionsEnabled: true,
                alarmActions: [topicArn],
                treatMissingData: "notBreaching"
            )
        }
        return [
            countAlarm(
                names.failureAlarm,
                ReplicationMetricNames.failed,
                "Replication checks or copies failed more often than the threshold."
            ),
            countAlarm(
                names.missingAlarm,
                ReplicationMetricNames.missing,
                "Digests were still missing in a destination when their deadline passed."
            ),
            PutMetricAlarmRequest(
                alarmName: names.latencyAlarm,
                metricName: ReplicationMetricNames.latency,
                namespace: settings.namespace,
                period: period,
                evaluationPeriods: 1,
                threshold: settings.latencyThresholdSeconds,
                comparisonOperator: "GreaterThanThreshold",
                statistic: "Maximum",
                alarmDescription: "Replication took longer than the threshold in seconds.",
                actionsEnabled: true,
                alarmActions: [topicArn],
                treatMissingData: "notBreaching"
            ),
            // Missing data is breaching: the alarm is a dead man's switch for the verifier itself.
            PutMetricAlarmRequest(
                alarmName: names.deadManAlarm,
                metricName: ReplicationMetricNames.checks,
                namespace: settings.namespace,
                period: period,
                evaluationPeriods: self.deadManPeriods(settings),
                threshold: 1,
                comparisonOperator: "LessThanThreshold",
                statistic: "Sum",
                alarmDescription: "No replication verification result arrived in the configured time.",
                actionsEnabled: true,
                alarmActions: [topicArn],
                treatMissingData: "breaching"
            ),
        ]
    }

    /// Whole periods covering `deadManSeconds`, at least 1.
    static func deadManPeriods(_ settings: MonitoringSettings) -> Int {
        max(1, (settings.deadManSeconds + settings.periodSeconds - 1) / settings.periodSeconds)
    }

    /// True when the stored alarm has every setting of `request`.
    static func matches(_ alarm: MetricAlarm, _ request: PutMetricAlarmRequest) -> Bool {
        alarm.metricName == request.metricName
            && alarm.namespace == request.namespace
            && alarm.statistic == request.statistic
            && alarm.period == request.period
            && alarm.evaluationPeriods == request.evaluationPeriods
            && alarm.threshold == request.threshold
            && alarm.comparisonOperator == request.comparisonOperator
            && (alarm.treatMissingData ?? "missing") == request.treatMissingData
            && (alarm.alarmActions ?? []).sorted() == (request.alarmActions ?? []).sorted()
            && (alarm.dimensions ?? []).isEmpty
            && alarm.alarmDescription == request.alarmDescription
    }
}
