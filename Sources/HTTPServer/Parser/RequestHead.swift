/// The request line and header section of a request, with the framing decided from them.
struct RequestHead: Sendable {
    enum Framing: Sendable, Equatable {
        case none
        case contentLength(Int)
        case chunked
    }

    var method: HTTPMethod
    var target: String
    var version: HTTPVersion
    var headers: HTTPHeaders
    var framing: Framing
    /// True when an HTTP/1.1 client sent `Expect: 100-continue`; never set for HTTP/1.0 (RFC 9110, 10.1.1).
    var expectsContinue: Bool
}
