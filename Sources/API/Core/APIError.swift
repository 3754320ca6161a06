import HTTPServer

/// An error a handler responds with: its status, a problem title and detail, and for validation
/// failures the fields that broke a rule. It renders itself as RFC 9457 problem+json.
public struct APIError: Error, Sendable {
    /// One invalid field of a request, such as `rules[2].destinations[0].region`.
    public struct FieldIssue: Sendable, Codable, Hashable {
        public let field: String
        public let message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var status: HTTPStatus
    /// A short, constant summary of the problem type.
    public var title: String
    /// A sentence on what went wrong with this request and how to fix it.
    public var detail: String
    public var errors: [FieldIssue]
    /// The AWS error code when AWS rejected the call, such as `RepositoryNotFoundException`.
    public var awsErrorCode: String?
    /// Extra response headers, such as `Allow` for 405 or `WWW-Authenticate` for 401.
    public var headers: HTTPHeaders

    public init(
        _ status: HTTPStatus,
        title: String? = nil,
        detail: String,
        errors: [FieldIssue] = [],
        awsErrorCode: String? = nil,
        headers: HTTPHeaders = [:]
    ) {
        self.status = status
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.errors = errors
        self.awsErrorCode = awsErrorCode
        self.headers = headers
    }

    /// 400 for a request that is malformed as a whole.
    public static func badRequest(_ detail: String) -> APIError {
        APIError(.badRequest, detail: detail)
    }

    /// 400 naming every invalid field.
    public static func validation(_ errors: [FieldIssue]) -> APIError {
        let detail =
            errors.count == 1
            ? "The request has an invalid field: \(errors[0].field)."
            : "The request has \(errors.count) invalid fields; see errors."
        return APIError(.badRequest, title: "Validation failed", detail: detail, errors: errors)
    }

    /// 400 for one invalid field.
    public static func invalidField(_ field: String, _ message: String) -> APIError {
        .validation([FieldIssue(field: field, message: message)])
    }

    public static func notFound(_ detail: String) -> APIError {
        APIError(.notFound, detail: detail)
    }

    public static func conflict(_ detail: String) -> APIError {
        APIError(.conflict, detail: detail)
    }
}
