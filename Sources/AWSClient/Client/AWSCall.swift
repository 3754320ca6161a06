/// One operation call before signing: service, operation, region, protocol headers and body.
struct AWSCall: Sendable {
    var service: AWSService
    var operation: String
    var region: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// Builds an awsJson call: `Content-Type: application/x-amz-json-<version>` and `X-Amz-Target`.
    static func json(service: AWSService, operation: String, region: String, body: [UInt8]) -> AWSCall {
        guard case .json(let version, let targetPrefix) = service.wireProtocol else {
            preconditionFailure("\(service) does not use the awsJson protocol")
        }
        return AWSCall(
            service: service,
            operation: operation,
            region: region,
            headers: [
                ("Content-Type", "application/x-amz-json-\(version)"),
                ("X-Amz-Target", "\(targetPrefix).\(operation)"),
            ],
            body: body
        )
    }

    /// Builds an awsQuery call: a form body starting with `Action` and `Version`.
    static func query(service: AWSService, action: String, region: String, parameters: QueryParameters) -> AWSCall {
        guard case .query(let apiVersion) = service.wireProtocol else {
            preconditionFailure("\(service) does not use the awsQuery protocol")
        }
        var form = QueryParameters()
        form.add("Action", action)
        form.add("Version", apiVersion)
        for pair in parameters.pairs {
            form.add(pair.name, pair.value)
        }
        return AWSCall(
            service: service,
            operation: action,
            region: region,
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: form.formEncoded()
        )
    }
}
