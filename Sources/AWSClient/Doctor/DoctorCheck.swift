/// The result of one doctor check.
public struct DoctorCheck: Sendable, Equatable {
    /// The name of the check, such as `sts.GetCallerIdentity` or `ecr.DescribeRegistry`.
    public var name: String
    /// The region checked; `-` for checks that span regions, such as resolving credentials.
    public var region: String
    public var ok: Bool
    /// The finding, or on failure the AWS error code, message, HTTP status and request id.
    public var detail: String
    /// The AWS error code of a failed check, such as `SignatureDoesNotMatch`.
    public var errorCode: String?

    public init(name: String, region: String, ok: Bool, detail: String, errorCode: String? = nil) {
        self.name = name
        self.region = region
        self.ok = ok
        self.detail = detail
        self.errorCode = errorCode
    }

    /// Returns a failed check carrying `error`'s code and context.
    static func failure(_ name: String, region: String, error: any Error) -> DoctorCheck {
        guard let error = error as? AWSError else {
            return DoctorCheck(name: name, region: region, ok: false, detail: "\(error)", errorCode: nil)
        }
        var detail = "\(error.code): \(error.message)"
        if let status = error.statusCode {
            detail += " (HTTP \(status)"
            detail += error.requestId.map { ", request id \($0))" } ?? ")"
        }
        return DoctorCheck(name: name, region: region, ok: false, detail: detail, errorCode: error.code)
    }
}
