import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Turns an error response of any shape into an ``AWSError``: awsJson `__type` (text after the last `#`,
/// before any `:`), the `x-amzn-query-error` header of query-compatible JSON services, the
/// `x-amzn-errortype` header, an XML `ErrorResponse`, or a body that is none of these (such as an HTML 500
/// page), which keeps the HTTP status as its code like botocore does.
enum AWSErrorParser {
    static func parse(_ response: HTTPResponse) -> AWSError {
        var code: String?
        var message: String?
        var requestId = Self.requestId(response.headers)

        if let header = response.header("x-amzn-query-error"), let name = header.split(separator: ";").first {
            code = String(name)
        }
        if let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] {
            code = code ?? (json["__type"] as? String ?? json["code"] as? String ?? json["Code"] as? String)
            message = json["message"] as? String ?? json["Message"] as? String ?? json["errorMessage"] as? String
        } else if let xml = Self.xmlError(response.body) {
            code = code ?? xml.descendant("Code")?.text
            message = xml.descendant("Message")?.text
            requestId = requestId ?? xml.descendant("RequestId")?.text ?? xml.descendant("RequestID")?.text
        }
        code = code ?? response.header("x-amzn-errortype")

        guard let code, let name = Self.shapeName(code) else {
            return Self.unrecognized(response, requestId: requestId)
        }
        return AWSError(
            kind: .service,
            code: name,
            message: message ?? "",
            statusCode: response.statusCode,
            requestId: requestId,
            retryAfterMilliseconds: response.header("x-amz-retry-after").flatMap { Int($0) }
        )
    }

    /// Returns the request id from the headers AWS services use.
    static func requestId(_ headers: [String: String]) -> String? {
        headers["x-amzn-requestid"] ?? headers["x-amz-request-id"] ?? headers["x-amzn-request-id"]
    }

    /// Strips a namespace (`aws.protocoltests#Code` → `Code`) and a URL suffix (`Code:http://…` → `Code`).
    static func shapeName(_ raw: String) -> String? {
        var name = Substring(raw)
        if let hash = name.lastIndex(of: "#") {
            name = name[name.index(after: hash)...]
        }
        if let colon = name.firstIndex(of: ":") {
            name = name[..<colon]
        }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func xmlError(_ body: [UInt8]) -> XMLNode? {
        guard let first = body.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }),
            first == UInt8(ascii: "<"), let root = XMLNode.parse(body), root.descendant("Code") != nil
        else {
            return nil
        }
        return root
    }

    private static func unrecognized(_ response: HTTPResponse, requestId: String?) -> AWSError {
        let reason = HTTPURLResponse.localizedString(forStatusCode: response.statusCode)
        let snippet = String(decoding: response.body.prefix(200), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces)
        let message =
            snippet.isEmpty
            ? "HTTP \(response.statusCode) \(reason) with an empty body"
            : "HTTP \(response.statusCode) \(reason) with a body that is not an AWS error: \(snippet)"
        return AWSError(
            kind: .service,
            code: String(response.statusCode),
            message: message,
            statusCode: response.statusCode,
            requestId: requestId,
            retryAfterMilliseconds: response.header("x-amz-retry-after").flatMap { Int($0) }
        )
    }
}
