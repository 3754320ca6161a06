@testable import AWSClient

/// Parses the input as the body of a query-protocol (SNS, STS, CloudWatch) XML error response.
///
/// Every response must become an error with a non-empty code. When the body is an XML document that starts
/// with `<` and has a `Code` element, the error must carry that code.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAWSErrorQueryXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    let response = HTTPResponse(statusCode: 403, headers: ["Content-Type": "text/xml"], body: body)
    let error = AWSErrorParser.parse(response)
    precondition(!error.code.isEmpty, "An XML error response produced an empty error code.")
    if let root = XMLNode.parse(body), let code = root.descendant("Code")?.text {
        // Like botocore, a code that is only whitespace or a namespace falls back to the HTTP status.
        let expected = AWSErrorParser.shapeName(code) ?? "403"
        precondition(error.code == expected || body.first != UInt8(ascii: "<"), "The XML error code was lost.")
    }
    return 0
}
