/// ListMetrics input; nil fields do not filter.
public struct ListMetricsRequest: Codable, Sendable, Equatable {
    public var namespace: String?
    public var metricName: String?
    public var nextToken: String?

    enum CodingKeys: String, CodingKey {
        case namespace = "Namespace"
        case metricName = "MetricName"
        case nextToken = "NextToken"
    }

    public init(namespace: String? = nil, metricName: String? = nil, nextToken: String? = nil) {
        self.namespace = namespace
        self.metricName = metricName
        self.nextToken = nextToken
    }
}

/// A metric CloudWatch has data for: its name, namespace and dimensions.
public struct ListedMetric: Codable, Sendable, Equatable {
    public var namespace: String?
    public var metricName: String?
    public var dimensions: [Dimension]?

    enum CodingKeys: String, CodingKey {
        case namespace = "Namespace"
        case metricName = "MetricName"
        case dimensions = "Dimensions"
    }
}

public struct ListMetricsResponse: Codable, Sendable, Equatable {
    public var metrics: [ListedMetric]?
    public var nextToken: String?

    enum CodingKeys: String, CodingKey {
        case metrics = "Metrics"
        case nextToken = "NextToken"
    }
}

extension CloudWatch {
    /// Returns one page of the metrics that match `request`.
    public func listMetrics(_ request: ListMetricsRequest) async throws -> ListMetricsResponse {
        try await self.executor.json(
            .cloudWatch,
            operation: "ListMetrics",
            region: self.region,
            input: request,
            credentials: self.credentialProvider
        )
    }

    /// Returns every metric that matches `request`, following `NextToken`.
    public func allMetrics(_ request: ListMetricsRequest) async throws -> [ListedMetric] {
        var metrics: [ListedMetric] = []
        var request = request
        while true {
            let page = try await self.listMetrics(request)
            metrics += page.metrics ?? []
            guard let token = page.nextToken, !token.isEmpty else {
                return metrics
            }
            request.nextToken = token
        }
    }
}
