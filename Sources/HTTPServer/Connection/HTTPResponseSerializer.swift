/// Turns responses into HTTP/1.1 bytes; pure, so framing rules are tested without sockets.
enum HTTPResponseSerializer {
    /// Serializes `response`, adding `Content-Length`, `Date`, `Connection: close` when the connection ends
    /// after it, and `X-Request-Id`. A response to HEAD keeps its `Content-Length` but sends no body
    /// (RFC 9110, section 9.3.2).
    static func serialize(
        _ response: HTTPResponse,
        requestId: String,
        isHead: Bool,
        closeConnection: Bool,
        date: String
    ) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n"
        for (name, value) in response.headers where !Self.isManaged(name) {
            head += "\(name): \(Self.sanitized(value))\r\n"
        }
        if !response.forbidsBody {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        head += "Date: \(date)\r\n"
        if !requestId.isEmpty {
            head += "X-Request-Id: \(requestId)\r\n"
        }
        if closeConnection {
            head += "Connection: close\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if !isHead && !response.forbidsBody {
            bytes.append(contentsOf: response.body)
        }
        return bytes
    }

    /// The interim response sent when a client waits with `Expect: 100-continue`.
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Header fields the serializer writes itself, so a handler cannot frame the response wrongly.
    private static func isManaged(_ name: String) -> Bool {
        switch name.lowercased() {
        case "content-length", "transfer-encoding", "connection", "date", "x-request-id": true
        default: false
        }
    }

    /// Replaces CR and LF in a value so a handler can never split the response (header injection).
    private static func sanitized(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) else {
            return value
        }
        return String(value.map { $0 == "\r" || $0 == "\n" ? " " : $0 })
    }
}
