@testable import AWSClient

/// Parses the input as an awsJson error response: the bytes before the first NUL are the
/// `x-amzn-query-error` header, the rest is the body.
///
/// Every response must become an error with a non-empty code, as the retry policy and the API's problem
/// details both key on it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAWSErrorJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeBufferPointer(start: data, count: size)
    var headers = ["Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "fuzz-request"]
    var body = Array(input)
    if let separator = input.firstIndex(of: 0) {
        headers["x-amzn-query-error"] = String(decoding: input[..<separator], as: UTF8.self)
        body = Array(input[(separator + 1)...])
    }
    let error = AWSErrorParser.parse(HTTPResponse(statusCode: 400, headers: headers, body: body))
    precondition(!error.code.isEmpty, "A JSON error response produced an empty error code.")
    precondition(error.statusCode == 400, "The status code changed.")
    return 0
}
