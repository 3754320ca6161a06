private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let colon = UInt8(ascii: ":")

extension HTTPRequestParser {
    /// Parses the request line and header section once the blank line that ends them has arrived.
    mutating func parseHead() throws(HTTPParseError) -> RequestHead? {
        // RFC 9112, section 2.2: a server should ignore at least one empty line received before the
        // request line. A few are skipped; more are an error, so a client cannot hold a connection open
        // by sending nothing but line breaks.
        while self.readIndex < self.buffer.count,
            self.buffer[self.readIndex] == lineFeed || self.buffer[self.readIndex] == carriageReturn
        {
            if self.buffer[self.readIndex] == lineFeed {
                self.skippedLineBreaks += 1
            }
            self.readIndex += 1
            if self.skippedLineBreaks > Self.maxSkippedLineBreaks {
                throw HTTPParseError(.badRequest, "Too many empty lines before the request line.")
            }
        }
        guard let end = try self.findEndOfHead() else {
            return nil
        }
        var lines = self.splitLines(from: self.readIndex, to: end)
        let headerBytes = end - self.readIndex - (lines.first?.count ?? 0)
        if let requestLine = lines.first, requestLine.count > self.limits.maxRequestLineLength {
            throw HTTPParseError(
                .uriTooLong,
                "The request line is longer than \(self.limits.maxRequestLineLength) bytes."
            )
        }
        if headerBytes > self.limits.maxHeaderBytes + 4 {
            throw HTTPParseError(
                .requestHeaderFieldsTooLarge,
                "The header section is larger than \(self.limits.maxHeaderBytes) bytes."
            )
        }
        self.readIndex = end
        self.scanIndex = end
        guard !lines.isEmpty else {
            throw HTTPParseError(.badRequest, "The request line is missing.")
        }
        let requestLine = lines.removeFirst()
        let (method, target, version) = try Self.parseRequestLine(requestLine)
        let headers = try self.parseFieldLines(lines)
        return try Self.makeHead(method: method, target: target, version: version, headers: headers)
    }

    /// Returns the index just past the blank line ending the head, or nil when it has not arrived.
    private mutating func findEndOfHead() throws(HTTPParseError) -> Int? {
        var index = max(self.scanIndex, self.readIndex)
        let scanStart = index
        let count = self.buffer.count
        var firstLineEnd: Int?
        while index < count {
            if self.buffer[index] == lineFeed {
                if firstLineEnd == nil {
                    firstLineEnd = index
                }
                if index + 1 < count, self.buffer[index + 1] == lineFeed {
                    return index + 2
                }
                if index + 2 < count, self.buffer[index + 1] == carriageReturn, self.buffer[index + 2] == lineFeed {
                    return index + 3
                }
                if index + 2 >= count {
                    // The blank line may still be on its way: look at this line feed again next time.
                    break
                }
            }
            index += 1
        }
        self.scanIndex = index
        // The request line may have ended in bytes scanned on an earlier call. Then the first line feed of
        // this scan ends a header line, not the request line.
        let requestLineEnd = self.firstLineFeed(before: scanStart) ?? firstLineEnd
        let firstLineLength = (requestLineEnd ?? count) - self.readIndex
        if firstLineLength > self.limits.maxRequestLineLength + 1 {
            throw HTTPParseError(
                .uriTooLong,
                "The request line is longer than \(self.limits.maxRequestLineLength) bytes."
            )
        }
        if count - self.readIndex - firstLineLength > self.limits.maxHeaderBytes + 2 {
            throw HTTPParseError(
                .requestHeaderFieldsTooLarge,
                "The header section is larger than \(self.limits.maxHeaderBytes) bytes."
            )
        }
        return nil
    }

    /// Finds the end of the request line among bytes scanned on an earlier call, bounded by the line limit.
    private func firstLineFeed(before index: Int) -> Int? {
        let limit = min(index, self.readIndex + self.limits.maxRequestLineLength + 2)
        guard self.readIndex < limit else {
            return nil
        }
        return self.buffer[self.readIndex..<limit].firstIndex(of: lineFeed)
    }

    /// Splits the head into lines, dropping each line ending (CRLF, or a bare LF as RFC 9112 allows).
    private func splitLines(from start: Int, to end: Int) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = start
        for index in start..<end where self.buffer[index] == lineFeed {
            var lineEnd = index
            if lineEnd > lineStart, self.buffer[lineEnd - 1] == carriageReturn {
                lineEnd -= 1
            }
            lines.append(self.buffer[lineStart..<lineEnd])
            lineStart = index + 1
        }
        while let last = lines.last, last.isEmpty {
            lines.removeLast()
        }
        return lines
    }

    static func parseRequestLine(
        _ line: ArraySlice<UInt8>
    ) throws(HTTPParseError) -> (HTTPMethod, String, HTTPVersion) {
        let parts = line.split(separator: space, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw HTTPParseError(.badRequest, "The request line must be 'METHOD TARGET HTTP/1.1'.")
        }
        guard parts[0].allSatisfy(HTTPGrammar.isTokenCharacter) else {
            throw HTTPParseError(.badRequest, "The request method is not a valid token.")
        }
        guard parts[1].allSatisfy(HTTPGrammar.isTargetCharacter), !parts[1].contains(UInt8(ascii: "#")) else {
            throw HTTPParseError(.badRequest, "The request target contains a character that is not allowed.")
        }
        let version = try Self.parseVersion(parts[2])
        guard parts[0].count <= Self.maxMethodLength else {
            throw HTTPParseError(.notImplemented, "The request method is not implemented.")
        }
        let method = HTTPMethod(rawValue: String(decoding: parts[0], as: UTF8.self))
        let target = try Self.originForm(of: String(decoding: parts[1], as: UTF8.self), method: method)
        return (method, target, version)
    }

    private static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        let text = Array(bytes)
        guard text.count == 8, text.starts(with: Array("HTTP/".utf8)), text[6] == UInt8(ascii: "."),
            let major = HTTPGrammar.digitValue(text[5]), let minor = HTTPGrammar.digitValue(text[7])
        else {
            throw HTTPParseError(.badRequest, "The HTTP version is malformed.")
        }
        guard major == 1 else {
            throw HTTPParseError(.httpVersionNotSupported, "Only HTTP/1.0 and HTTP/1.1 are supported.")
        }
        return HTTPVersion(major: 1, minor: minor == 0 ? 0 : 1)
    }

    /// Returns the origin-form of a target (RFC 9112, section 3.2): absolute-form is reduced to its path.
    private static func originForm(of target: String, method: HTTPMethod) throws(HTTPParseError) -> String {
        if target.hasPrefix("/") {
            return target
        }
        if target == "*" && method == .options {
            return target
        }
        let lowered = target.lowercased()
        for scheme in ["http://", "https://"] where lowered.hasPrefix(scheme) {
            let rest = target.dropFirst(scheme.count)
            guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else {
                return "/"
            }
            let remainder = rest[slash...]
            return remainder.hasPrefix("?") ? "/" + remainder : String(remainder)
        }
        throw HTTPParseError(.badRequest, "The request target must be an absolute path such as /healthz.")
    }

    private func parseFieldLines(_ lines: [ArraySlice<UInt8>]) throws(HTTPParseError) -> HTTPHeaders {
        guard lines.count <= self.limits.maxHeaderCount else {
            throw HTTPParseError(
                .requestHeaderFieldsTooLarge,
                "The request has more than \(self.limits.maxHeaderCount) header fields."
            )
        }
        var headers = HTTPHeaders()
        for line in lines {
            let (name, value) = try Self.parseFieldLine(line)
            headers.add(name: name, value: value)
        }
        return headers
    }

    /// Parses `name: value` (RFC 9112, section 5), rejecting obs-fold and whitespace before the colon.
    static func parseFieldLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (String, String) {
        guard let first = line.first, first != space, first != tab else {
            throw HTTPParseError(.badRequest, "Header line folding (obs-fold) is not allowed.")
        }
        guard let colonIndex = line.firstIndex(of: colon) else {
            throw HTTPParseError(.badRequest, "A header line has no colon.")
        }
        let name = line[line.startIndex..<colonIndex]
        guard !name.isEmpty, name.allSatisfy(HTTPGrammar.isTokenCharacter) else {
            throw HTTPParseError(
                .badRequest,
                "A header name is empty or contains a character that is not allowed, such as a space before the colon."
            )
        }
        var value = line[(colonIndex + 1)...]
        while let byte = value.first, byte == space || byte == tab {
            value.removeFirst()
        }
        while let byte = value.last, byte == space || byte == tab {
            value.removeLast()
        }
        guard value.allSatisfy(HTTPGrammar.isFieldValueCharacter) else {
            throw HTTPParseError(.badRequest, "A header value contains a control character.")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }
}
