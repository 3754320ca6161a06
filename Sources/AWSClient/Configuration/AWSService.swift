/// The wire protocol of a service.
public enum ServiceProtocol: Sendable, Hashable {
    /// awsJson: `POST /` with a JSON body and `X-Amz-Target: <targetPrefix>.<Operation>`.
    case json(version: String, targetPrefix: String)
    /// awsQuery: `POST /` with a form body carrying `Action` and `Version`, with an XML response.
    case query(apiVersion: String)
}

/// The description of one AWS service: names for endpoints, signing and configuration, and its protocol.
public struct AWSService: Sendable, Hashable, CustomStringConvertible {
    /// The SDK service id, such as `ECR` or `CloudWatch`; uppercased with spaces as underscores it names the
    /// `AWS_ENDPOINT_URL_<SERVICE>` variable.
    public let serviceId: String
    /// The SigV4 signing name, such as `ecr` or `monitoring`.
    public let signingName: String
    /// The first host label(s) of the standard endpoint, such as `api.ecr`.
    public let endpointPrefix: String
    public let wireProtocol: ServiceProtocol
    /// True for services with one endpoint per partition (IAM) rather than one per region.
    public let isGlobal: Bool

    public var description: String { self.serviceId }

    /// The suffix of the service's endpoint variable: `ECR`, `CLOUDWATCH`, `EVENTBRIDGE`.
    public var environmentName: String {
        self.serviceId.uppercased().replacingOccurrences(of: " ", with: "_")
    }

    public static let ecr = AWSService(
        serviceId: "ECR",
        signingName: "ecr",
        endpointPrefix: "api.ecr",
        wireProtocol: .json(version: "1.1", targetPrefix: "AmazonEC2ContainerRegistry_V20150921"),
        isGlobal: false
    )

    public static let cloudWatch = AWSService(
        serviceId: "CloudWatch",
        signingName: "monitoring",
        endpointPrefix: "monitoring",
        wireProtocol: .json(version: "1.0", targetPrefix: "GraniteServiceVersion20100801"),
        isGlobal: false
    )

    public static let sns = AWSService(
        serviceId: "SNS",
        signingName: "sns",
        endpointPrefix: "sns",
        wireProtocol: .query(apiVersion: "2010-03-31"),
        isGlobal: false
    )

    public static let sts = AWSService(
        serviceId: "STS",
        signingName: "sts",
        endpointPrefix: "sts",
        wireProtocol: .query(apiVersion: "2011-06-15"),
        isGlobal: false
    )

    public static let eventBridge = AWSService(
        serviceId: "EventBridge",
        signingName: "events",
        endpointPrefix: "events",
        wireProtocol: .json(version: "1.1", targetPrefix: "AWSEvents"),
        isGlobal: false
    )

    /// IAM, used by operators' tooling and by tests that create access keys inside moto.
    public static let iam = AWSService(
        serviceId: "IAM",
        signingName: "iam",
        endpointPrefix: "iam",
        wireProtocol: .query(apiVersion: "2010-05-08"),
        isGlobal: true
    )
}
