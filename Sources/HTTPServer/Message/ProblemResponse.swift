/// RFC 9457 problem details for errors the HTTP layer itself responds with (framing, limits, timeouts).
/// The API layer renders its own, richer problems in the same shape.
public enum ProblemResponse {
    /// The media type of every error body.
    public static let contentType = "application/problem+json"

    /// Returns a problem+json response with `type`, `title`, `status`, `detail` and `instance`.
    public static func make(status: HTTPStatus, detail: String, requestId: String) -> HTTPResponse {
        let body =
            "{\"type\":\"about:blank\",\"title\":\(jsonString(status.reasonPhrase)),\"status\":\(status.code),"
            + "\"detail\":\(jsonString(detail)),\"instance\":\(jsonString(requestId))}"
        return HTTPResponse(status: status, contentType: contentType, text: body)
    }

    static func jsonString(_ value: String) -> String {
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case _ where scalar.value < 0x20:
                output += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
