/// A response with its whole body in memory; the server adds `Content-Length`, `Date` and `Connection`.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is `text` with the given content type.
    public init(status: HTTPStatus, contentType: String, text: String) {
        self.init(status: status, headers: ["Content-Type": contentType], body: Array(text.utf8))
    }

    /// Reports whether RFC 9110 forbids a body for this status (1xx, 204, 304).
    var forbidsBody: Bool {
        self.status.code < 200 || self.status.code == 204 || self.status.code == 304
    }
}
