import Foundation

/// A metric dimension.
public struct Dimension: Codable, Sendable, Equatable {
    public var name: String
    public var value: String

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case value = "Value"
    }

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// One data point of PutMetricData.
public struct MetricDatum: Codable, Sendable, Equatable {
    public var metricName: String
    public var value: Double?
    public var dimensions: [Dimension]?
    public var timestamp: Date?
    /// A CloudWatch unit such as `Count` or `Seconds`.
    public var unit: String?
    public var storageResolution: Int?

    enum CodingKeys: String, CodingKey {
        case metricName = "MetricName"
        case value = "Value"
        case dimensions = "Dimensions"
        case timestamp = "Timestamp"
        case unit = "Unit"
        case storageResolution = "StorageResolution"
    }

    public init(
        metricName: String,
        value: Double? = nil,
        dimensions: [Dimension]? = nil,
        timestamp: Date? = nil,
        unit: String? = nil,
        storageResolution: Int? = nil
    ) {
        self.metricName = metricName
        self.value = value
        self.dimensions = dimensions
        self.timestamp = timestamp
        self.unit = unit
        self.storageResolution = storageResolution
    }
}

/// A CloudWatch resource tag.
public struct CloudWatchTag: Codable, Sendable, Equatable {
    public var key: String
    public var value: String

    enum CodingKeys: String, CodingKey {
        case key = "Key"
        case value = "Value"
    }

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

public struct PutMetricDataRequest: Codable, Sendable, Equatable {
    public var namespace: String
    public var metricData: [MetricDatum]

    enum CodingKeys: String, CodingKey {
        case namespace = "Namespace"
        case metricData = "MetricData"
    }

    public init(namespace: String, metricData: [MetricDatum]) {
        self.namespace = namespace
        self.metricData = metricData
    }
}

public struct PutMetricAlarmRequest: Codable, Sendable, Equatable {
    public var alarmName: String
    public var metricName: String
    public var namespace: String
    /// Seconds per evaluated period.
    public var period: Int
    public var evaluationPeriods: Int
    public var threshold: Double
    /// Such as `GreaterThanOrEqualToThreshold`.
    public var comparisonOperator: String
    public var statistic: String?
    public var dimensions: [Dimension]?
    public var alarmDescription: String?
    public var actionsEnabled: Bool?
    public var alarmActions: [String]?
    public var okActions: [String]?
    public var insufficientDataActions: [String]?
    public var datapointsToAlarm: Int?
    public var unit: String?
    /// `breaching`, `notBreaching`, `ignore` or `missing`.
    public var treatMissingData: String?
    public var tags: [CloudWatchTag]?

    enum CodingKeys: String, CodingKey {
        case alarmName = "AlarmName"
        case metricName = "MetricName"
        case namespace = "Namespace"
        case period = "Period"
        case evaluationPeriods = "EvaluationPeriods"
        case threshold = "Threshold"
        case comparisonOperator = "ComparisonOperator"
        case statistic = "Statistic"
        case dimensions = "Dimensions"
        case alarmDescription = "AlarmDescription"
        case actionsEnabled = "ActionsEnabled"
        case alarmActions = "AlarmActions"
        case okActions = "OKActions"
        case insufficientDataActions = "InsufficientDataActions"
        case datapointsToAlarm = "DatapointsToAlarm"
        case unit = "Unit"
        case treatMissingData = "TreatMissingData"
        case tags = "Tags"
    }

    public init(
        alarmName: String,
        metricName: String,
        namespace: String,
        period: Int,
        evaluationPeriods: Int,
        threshold: Double,
        comparisonOperator: String,
        statistic: String? = "Sum",
        dimensions: [Dimension]? = nil,
        alarmDescription: String? = nil,
        actionsEnabled: Bool? = nil,
        alarmActions: [String]? = nil,
        okActions: [String]? = nil,
        insufficientDataActions: [String]? = nil,
        datapointsToAlarm: Int? = nil,
        unit: String? = nil,
        treatMissingData: String? = nil,
        tags: [CloudWatchTag]? = nil
    ) {
        self.alarmName = alarmName
        self.metricName = metricName
        self.namespace = namespace
        self.period = period
        self.evaluationPeriods = evaluationPeriods
        self.threshold = threshold
        self.comparisonOperator = comparisonOperator
        self.statistic = statistic
        self.dimensions = dimensions
        self.alarmDescription = alarmDescription
        self.actionsEnabled = actionsEnabled
        self.alarmActions = alarmActions
        self.okActions = okActions
        self.insufficientDataActions = insufficientDataActions
        self.datapointsToAlarm = datapointsToAlarm
        self.unit = unit
        self.treatMissingData = treatMissingData
        self.tags = tags
    }
}

public struct DescribeAlarmsRequest: Codable, Sendable, Equatable {
    public var alarmNames: [String]?
    public var alarmNamePrefix: String?
    public var stateValue: String?
    public var maxRecords: Int?
    public var nextToken: String?

    enum CodingKeys: String, CodingKey {
        case alarmNames = "AlarmNames"
        case alarmNamePrefix = "AlarmNamePrefix"
        case stateValue = "StateValue"
        case maxRecords = "MaxRecords"
        case nextToken = "NextToken"
    }

    public init(
        alarmNames: [String]? = nil,
        alarmNamePrefix: String? = nil,
        stateValue: String? = nil,
        maxRecords: Int? = nil,
        nextToken: String? = nil
    ) {
        self.alarmNames = alarmNames
        self.alarmNamePrefix = alarmNamePrefix
        self.stateValue = stateValue
        self.maxRecords = maxRecords
        self.nextToken = nextToken
    }
}

/// A metric alarm from DescribeAlarms.
public struct MetricAlarm: Codable, Sendable, Equatable {
    public var alarmName: String?
    public var alarmArn: String?
    public var alarmDescription: String?
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    public var stateValue: String?
    public var stateReason: String?
    public var metricName: String?
    public var namespace: String?
    public var statistic: String?
    public var dimensions: [Dimension]?
    public var period: Int?
    public var evaluationPeriods: Int?
    public var threshold: Double?
    public var comparisonOperator: String?
    public var actionsEnabled: Bool?
    public var alarmActions: [String]?
    public var treatMissingData: String?

    enum CodingKeys: String, CodingKey {
        case alarmName = "AlarmName"
        case alarmArn = "AlarmArn"
        case alarmDescription = "AlarmDescription"
        case stateValue = "StateValue"
        case stateReason = "StateReason"
        case metricName = "MetricName"
        case namespace = "Namespace"
        case statistic = "Statistic"
        case dimensions = "Dimensions"
        case period = "Period"
        case evaluationPeriods = "EvaluationPeriods"
        case threshold = "Threshold"
        case comparisonOperator = "ComparisonOperator"
        case actionsEnabled = "ActionsEnabled"
        case alarmActions = "AlarmActions"
        case treatMissingData = "TreatMissingData"
    }

    public init(
        alarmName: String? = nil,
        alarmArn: String? = nil,
        alarmDescription: String? = nil,
        stateValue: String? = nil,
        stateReason: String? = nil,
        metricName: String? = nil,
        namespace: String? = nil,
        statistic: String? = nil,
        dimensions: [Dimension]? = nil,
        period: Int? = nil,
        evaluationPeriods: Int? = nil,
        threshold: Double? = nil,
        comparisonOperator: String? = nil,
        actionsEnabled: Bool? = nil,
        alarmActions: [String]? = nil,
        treatMissingData: String? = nil
    ) {
        self.alarmName = alarmName
        self.alarmArn = alarmArn
        self.alarmDescription = alarmDescription
        self.stateValue = stateValue
        self.stateReason = stateReason
        self.metricName = metricName
        self.namespace = namespace
        self.statistic = statistic
        self.dimensions = dimensions
        self.period = period
        self.evaluationPeriods = evaluationPeriods
        self.threshold = threshold
        self.comparisonOperator = comparisonOperator
        self.actionsEnabled = actionsEnabled
        self.alarmActions = alarmActions
        self.treatMissingData = treatMissingData
    }
}

public struct DescribeAlarmsResponse: Codable, Sendable, Equatable {
    public var metricAlarms: [MetricAlarm]?
    public var nextToken: String?

    enum CodingKeys: String, CodingKey {
        case metricAlarms = "MetricAlarms"
        case nextToken = "NextToken"
    }

    public init(metricAlarms: [MetricAlarm]? = nil, nextToken: String? = nil) {
        self.metricAlarms = metricAlarms
        self.nextToken = nextToken
    }
}

public struct DeleteAlarmsRequest: Codable, Sendable, Equatable {
    public var alarmNames: [String]

    enum CodingKeys: String, CodingKey {
        case alarmNames = "AlarmNames"
    }

    public init(alarmNames: [String]) {
        self.alarmNames = alarmNames
    }
}

public struct PutDashboardRequest: Codable, Sendable, Equatable {
    public var dashboardName: String
    /// The dashboard definition as a JSON document.
    public var dashboardBody: String

    enum CodingKeys: String, CodingKey {
        case dashboardName = "DashboardName"
        case dashboardBody = "DashboardBody"
    }

    public init(dashboardName: String, dashboardBody: String) {
        self.dashboardName = dashboardName
        self.dashboardBody = dashboardBody
    }
}

/// A problem CloudWatch found in a dashboard body.
public struct DashboardValidationMessage: Codable, Sendable, Equatable {
    public var dataPath: String?
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case dataPath = "DataPath"
        case message = "Message"
    }

    public init(dataPath: String? = nil, message: String? = nil) {
        self.dataPath = dataPath
        self.message = message
    }
}

public struct PutDashboardResponse: Codable, Sendable, Equatable {
    public var dashboardValidationMessages: [DashboardValidationMessage]?

    enum CodingKeys: String, CodingKey {
        case dashboardValidationMessages = "DashboardValidationMessages"
    }

    public init(dashboardValidationMessages: [DashboardValidationMessage]? = nil) {
        self.dashboardValidationMessages = dashboardValidationMessages
    }
}

public struct GetDashboardRequest: Codable, Sendable, Equatable {
    public var dashboardName: String

    enum CodingKeys: String, CodingKey {
        case dashboardName = "DashboardName"
    }

    public init(dashboardName: String) {
        self.dashboardName = dashboardName
    }
}

public struct GetDashboardResponse: Codable, Sendable, Equatable {
    public var dashboardArn: String?
    public var dashboardBody: String?
    public var dashboardName: String?

    enum CodingKeys: String, CodingKey {
        case dashboardArn = "DashboardArn"
        case dashboardBody = "DashboardBody"
        case dashboardName = "DashboardName"
    }

    public init(dashboardArn: String? = nil, dashboardBody: String? = nil, dashboardName: String? = nil) {
        self.dashboardArn = dashboardArn
        self.dashboardBody = dashboardBody
        self.dashboardName = dashboardName
    }
}

public struct DeleteDashboardsRequest: Codable, Sendable, Equatable {
    public var dashboardNames: [String]

    enum CodingKeys: String, CodingKey {
        case dashboardNames = "DashboardNames"
    }

    public init(dashboardNames: [String]) {
        self.dashboardNames = dashboardNames
    }
}
