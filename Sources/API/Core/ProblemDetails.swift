import Foundation
import HTTPServer

/// The RFC 9457 body of every error response.
struct ProblemDetails: Encodable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    /// The request id, so a caller can quote it and an operator can find the log line.
    var instance: String
    var errors: [APIError.FieldIssue]?
    var awsErrorCode: String?

    init(_ error: APIError, requestId: String) {
        self.type = "about:blank"
        self.title = error.title
        self.status = error.status.code
        self.detail = error.detail
        self.instance = requestId
        self.errors = error.errors.isEmpty ? nil : error.errors
        self.awsErrorCode = error.awsErrorCode
    }
}

extension APIError {
    /// Returns the problem+json response for this error.
    func response(requestId: String) -> HTTPResponse {
        var headers = self.headers
        headers.replaceOrAdd(name: "Content-Type", value: ProblemResponse.contentType)
        let body = (try? JSONCoding.encoder.encode(ProblemDetails(self, requestId: requestId))) ?? Data()
        return HTTPResponse(status: self.status, headers: headers, body: Array(body))
    }
}
