/// Amazon CloudWatch operations (awsJson 1.0) in one region.
public struct CloudWatch: Sendable {
    let executor: AWSCallExecutor
    public let region: String
    let credentialProvider: (any CredentialProvider)?

    private func call<Input: Encodable, Output: Decodable>(
        _ operation: String,
        _ input: Input,
        as output: Output.Type = Output.self
    ) async throws -> Output {
        try await self.executor.json(
            .cloudWatch,
            operation: operation,
            region: self.region,
            input: input,
            credentials: self.credentialProvider
        )
    }

    /// Publishes data points; CloudWatch accepts at most 1,000 per call.
    public func putMetricData(_ request: PutMetricDataRequest) async throws {
        let _: EmptyResponse = try await self.call("PutMetricData", request)
    }

    /// Creates or replaces the alarm `request.alarmName`.
    public func putMetricAlarm(_ request: PutMetricAlarmRequest) async throws {
        let _: EmptyResponse = try await self.call("PutMetricAlarm", request)
    }

    /// Returns one page of alarms; see ``describeAlarmsPages(_:)`` and ``allAlarms(_:)``.
    public func describeAlarms(
        _ request: DescribeAlarmsRequest = DescribeAlarmsRequest()
    ) async throws -> DescribeAlarmsResponse {
        try await self.call("DescribeAlarms", request)
    }

    public func deleteAlarms(_ request: DeleteAlarmsRequest) async throws {
        let _: EmptyResponse = try await self.call("DeleteAlarms", request)
    }

    public func putDashboard(_ request: PutDashboardRequest) async throws -> PutDashboardResponse {
        try await self.call("PutDashboard", request)
    }

    public func getDashboard(_ request: GetDashboardRequest) async throws -> GetDashboardResponse {
        try await self.call("GetDashboard", request)
    }

    public func deleteDashboards(_ request: DeleteDashboardsRequest) async throws {
        let _: EmptyResponse = try await self.call("DeleteDashboards", request)
    }

    /// Returns the pages of DescribeAlarms.
    public func describeAlarmsPages(
        _ request: DescribeAlarmsRequest = DescribeAlarmsRequest()
    ) -> AWSPages<DescribeAlarmsRequest, DescribeAlarmsResponse> {
        AWSPages(
            request: request,
            fetch: { try await self.describeAlarms($0) },
            nextToken: { $0.nextToken },
            withToken: { request, token in
                var next = request
                next.nextToken = token
                return next
            }
        )
    }

    /// Returns every metric alarm matching `request`, following `NextToken`.
    public func allAlarms(_ request: DescribeAlarmsRequest = DescribeAlarmsRequest()) async throws -> [MetricAlarm] {
        try await self.describeAlarmsPages(request).collect { $0.metricAlarms }
    }
}
