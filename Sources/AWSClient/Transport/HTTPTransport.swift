import Foundation

/// One outbound HTTP request as the client sends it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One HTTP response: status, headers with lowercase names, body.
public struct HTTPResponse: Sendable {
    public var statusCode: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(statusCode: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.statusCode = statusCode
        self.body = body
        self.headers = [:]
        for (name, value) in headers {
            self.headers[name.lowercased()] = value
        }
    }

    /// Returns the value of the header `name`, compared without case.
    public func header(_ name: String) -> String? {
        self.headers[name.lowercased()]
    }
}

/// Sends HTTP requests. Failures before a response arrives are thrown as ``AWSError`` of kind
/// `.transport` or `.timeout`; every response, whatever its status, is returned.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
