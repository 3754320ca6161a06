import Foundation

/// Builds the CloudWatch dashboard body: per region, ECR push and pull activity, and per destination region
/// the replication results and latency that `CloudWatchMetricsPublisher` sends.
struct MonitoringDashboard {
    let settings: MonitoringSettings
    /// The region the custom metrics are published in.
    let metricsRegion: String
    let sourceRegion: String
    let destinationRegions: [String]

    /// Returns the body as JSON text with sorted keys, so two builds of the same settings are byte-equal.
    func body() -> String {
        var widgets: [[String: Any]] = []
        for region in [self.sourceRegion] + self.destinationRegions {
            widgets.append(self.activityWidget(region: region, y: widgets.count * 6))
        }
        for region in self.destinationRegions {
            widgets.append(self.resultsWidget(destination: region, y: widgets.count * 6))
            widgets.append(self.latencyWidget(destination: region, y: widgets.count * 6))
        }
        let document: [String: Any] = ["widgets": widgets]
        let data =
            (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Pushes and pulls in `region`. ECR publishes API call counts as `CallCount` in namespace `AWS/Usage` with
    /// dimensions `Service` (`ECR`) and `Resource` (the API action), per the ECR user guide's usage metrics
    /// page: PutImage counts pushes and BatchGetImage counts pulls. SEARCH expressions sum them without naming
    /// every dimension.
    private func activityWidget(region: String, y: Int) -> [String: Any] {
        let period = self.settings.periodSeconds
        let usage = { (action: String) in
            "SUM(SEARCH('Namespace=\"AWS/Usage\" MetricName=\"CallCount\" Service=\"ECR\" Resource=\"\(action)\"', 'Sum', \(period)))"
        }
        // NOTE: the per-repository metric `RepositoryPullCount` (namespace `AWS/ECR`, dimension `RepositoryName`)
        // is unverified against the ECR user guide. If ECR publishes no such metric, this line stays empty.
        let repositoryPulls =
            "SUM(SEARCH('{AWS/ECR,RepositoryName} MetricName=\"RepositoryPullCount\"', 'Sum', \(period)))"
        let metrics: [[Any]] = [
            [["expression": usage("PutImage"), "id": "pushes", "label": "Pushes (PutImage calls)"]],
            [["expression": usage("BatchGetImage"), "id": "pulls", "label": "Pulls (BatchGetImage calls)"]],
            [["expression": repositoryPulls, "id": "repositoryPulls", "label": "Repository pulls"]],
        ]
        return self.widget(title: "ECR pushes and pulls in \(region)", region: region, metrics: metrics, y: y)
    }

    private func resultsWidget(destination: String, y: Int) -> [String: Any] {
        let names = [ReplicationMetricNames.verified, ReplicationMetricNames.failed, ReplicationMetricNames.missing]
        let metrics: [[Any]] = names.map { name in
            [self.settings.namespace, name, ReplicationMetricNames.destinationRegion, destination, ["stat": "Sum"]]
        }
        return self.widget(title: "Replication to \(destination)", region: self.metricsRegion, metrics: metrics, y: y)
    }

    private func latencyWidget(destination: String, y: Int) -> [String: Any] {
        let metrics: [[Any]] = ["Average", "p90", "Maximum"].map { statistic in
            [
                self.settings.namespace, ReplicationMetricNames.latency, ReplicationMetricNames.destinationRegion,
                destination, ["stat": statistic],
            ]
        }
        return self.widget(
            title: "Replication latency to \(destination) (seconds)",
            region: self.metricsRegion,
            metrics: metrics,
            y: y
        )
    }

    private func widget(title: String, region: String, metrics: [[Any]], y: Int) -> [String: Any] {
        [
            "type": "metric",
            "x": 0,
            "y": y,
            "width": 24,
            "height": 6,
            "properties": [
                "title": title,
                "region": region,
                "metrics": metrics,
                "period": self.settings.periodSeconds,
                "stat": "Sum",
                "view": "timeSeries",
            ] as [String: Any],
        ]
    }
}
