/// A complete request as the parser produced it, with its body fully read.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request target exactly as sent, such as `/v1/repositories/team%2Fapp?limit=5`.
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The caller's `X-Request-Id` when well-formed, else one the server generated; echoed on the response.
    public var requestId: String

    public init(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion = .http11,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        requestId: String = ""
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.requestId = requestId
    }

    /// The path part of the target, still percent-encoded.
    public var path: Substring {
        guard let mark = self.target.firstIndex(of: "?") else {
            return Substring(self.target)
        }
        return self.target[..<mark]
    }

    /// The query part of the target without the `?`, still percent-encoded; empty when absent.
    public var rawQuery: Substring {
        guard let mark = self.target.firstIndex(of: "?") else {
            return ""
        }
        return self.target[self.target.index(after: mark)...]
    }

    /// The query parameters, percent-decoded with `+` read as a space, in order.
    public var queryItems: [(name: String, value: String)] {
        self.rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0], plusAsSpace: true) ?? String(parts[0])
            let value = parts.count > 1 ? (PercentDecoding.decode(parts[1], plusAsSpace: true) ?? String(parts[1])) : ""
            return (name: name, value: value)
        }
    }

    /// Returns the first value of the query parameter `name`, or nil when absent.
    public func query(_ name: String) -> String? {
        self.queryItems.first { $0.name == name }?.value
    }

    /// Reports whether the connection stays open after this request (RFC 9112, section 9.3).
    public var keepAlive: Bool {
        let tokens = self.headers.tokens(of: "Connection")
        if tokens.contains("close") {
            return false
        }
        if self.version == .http10 {
            return tokens.contains("keep-alive")
        }
        return true
    }
}

/// Percent-decoding of URI components (RFC 3986, section 2.1).
public enum PercentDecoding {
    /// Returns the decoded text, or nil when a `%` is not followed by two hex digits or the bytes are not UTF-8.
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false) -> String? {
        let input = Array(text.utf8)
        guard input.contains(UInt8(ascii: "%")) || (plusAsSpace && input.contains(UInt8(ascii: "+"))) else {
            return String(text)
        }
        var output = [UInt8]()
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < input.count, let high = hexValue(input[index + 1]),
                    let low = hexValue(input[index + 2])
                else {
                    return nil
                }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(validating: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
