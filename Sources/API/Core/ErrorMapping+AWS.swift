import AWSClient
import ControlPlane
import HTTPServer

extension ErrorMapping {
    private static let inputCodes: Set<String> = [
        "InvalidParameterException", "ValidationException", "InvalidTagParameterException", "TooManyTagsException",
        "InvalidParameterValue", "InvalidParameterCombination", "LifecyclePolicyPreviewInProgressException",
    ]
    private static let conflictCodes: Set<String> = [
        "RepositoryAlreadyExistsException", "RepositoryNotEmptyException", "LimitExceededException",
        "ImageAlreadyExistsException", "ImageTagAlreadyExistsException", "ReferencedImagesNotFoundException",
    ]
    private static let throttlingCodes: Set<String> = [
        "ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "RequestThrottled", "SlowDown",
    ]

    /// Maps an AWS failure to the status a client can act on. AWS rejecting our own credentials or
    /// failing itself is a 502 (the server's dependency failed), never blamed on the client.
    static func apiError(forAWS error: AWSError) -> APIError {
        let detail = "AWS \(error.service ?? "") \(error.operation ?? "call") failed: \(error.message)"
            .replacingOccurrences(of: "  ", with: " ")
        switch error.kind {
        case .service:
            return self.serviceError(error, detail: detail)
        case .timeout:
            return APIError(.gatewayTimeout, detail: detail, awsErrorCode: error.code)
        case .credentials, .configuration:
            return APIError(
                .serviceUnavailable,
                detail: "The server has no usable AWS credentials or configuration: \(error.message)",
                awsErrorCode: error.code
            )
        case .transport, .invalidResponse:
            return APIError(.badGateway, detail: detail, awsErrorCode: error.code)
        }
    }

    private static func serviceError(_ error: AWSError, detail: String) -> APIError {
        if error.isNotFound {
            return APIError(.notFound, detail: detail, awsErrorCode: error.code)
        }
        if self.conflictCodes.contains(error.code) || error.isTagConflict {
            return APIError(.conflict, detail: detail, awsErrorCode: error.code)
        }
        if self.inputCodes.contains(error.code) {
            return APIError(.badRequest, title: "Rejected by AWS", detail: detail, awsErrorCode: error.code)
        }
        if self.throttlingCodes.contains(error.code) || error.statusCode == 429 {
            return APIError(
                .serviceUnavailable,
                detail: detail,
                awsErrorCode: error.code,
                headers: ["Retry-After": String(max(1, (error.retryAfterMilliseconds ?? 1_000) / 1_000))]
            )
        }
        return APIError(.badGateway, detail: detail, awsErrorCode: error.code)
    }
}
