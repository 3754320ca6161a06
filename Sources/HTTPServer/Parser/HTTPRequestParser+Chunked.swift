private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let semicolon = UInt8(ascii: ";")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")

extension HTTPRequestParser {
    /// Reads one `chunk-size [chunk-ext] CRLF` line (RFC 9112, section 7.1). Returns false when the line
    /// has not fully arrived.
    mutating func parseChunkSize(_ head: RequestHead) throws(HTTPParseError) -> Bool {
        guard let line = try self.takeLine(maxLength: self.limits.maxChunkLineLength, tooLong: Self.badChunk) else {
            return false
        }
        var digits = line
        if let extensionStart = line.firstIndex(of: semicolon) {
            digits = line[line.startIndex..<extensionStart]
        }
        // BWS is allowed only before the extension's semicolon.
        while let last = digits.last, last == space || last == tab {
            digits.removeLast()
        }
        guard !digits.isEmpty, digits.count <= 15 else {
            throw Self.badChunk
        }
        var size = 0
        for byte in digits {
            guard let value = HTTPGrammar.hexValue(byte) else {
                throw Self.badChunk
            }
            size = size * 16 + value
        }
        if self.body.count + size > self.limits.maxBodyBytes {
            throw HTTPParseError(.contentTooLarge, "The request body is larger than \(self.limits.maxBodyBytes) bytes.")
        }
        self.state = size == 0 ? .trailers(head, fieldCount: 0, bytes: 0) : .chunkData(head, remaining: size)
        return true
    }

    enum TrailerStep {
        case needMoreBytes
        case fieldSkipped
        case finished(Event)
    }

    /// Reads one trailer line; the empty line ends the request. Trailer fields are checked and dropped.
    mutating func parseTrailerLine(
        _ head: RequestHead,
        fieldCount: Int,
        bytes: Int
    ) throws(HTTPParseError) -> TrailerStep {
        let remainingBytes = self.limits.maxHeaderBytes - bytes
        let tooLarge = HTTPParseError(
            .requestHeaderFieldsTooLarge,
            "The trailer section is larger than \(self.limits.maxHeaderBytes) bytes."
        )
        guard let line = try self.takeLine(maxLength: max(remainingBytes, 0), tooLong: tooLarge) else {
            return .needMoreBytes
        }
        if line.isEmpty {
            self.state = .head
            self.skippedLineBreaks = 0
            let request = HTTPRequest(
                method: head.method,
                target: head.target,
                version: head.version,
                headers: head.headers,
                body: self.body
            )
            self.body = []
            return .finished(.request(request))
        }
        _ = try Self.parseFieldLine(line)
        guard fieldCount + 1 <= self.limits.maxHeaderCount else {
            throw HTTPParseError(.requestHeaderFieldsTooLarge, "The trailer section has too many fields.")
        }
        self.state = .trailers(head, fieldCount: fieldCount + 1, bytes: bytes + line.count + 2)
        return .fieldSkipped
    }

    /// Takes one line ending in CRLF (or a bare LF) from the buffer, or returns nil when it is incomplete.
    ///
    /// - Throws: `tooLong` when more than `maxLength` bytes arrived without a line ending, and 400 for a
    ///   bare CR inside the line.
    mutating func takeLine(maxLength: Int, tooLong: HTTPParseError) throws(HTTPParseError) -> ArraySlice<UInt8>? {
        let searchEnd = min(self.buffer.count, self.readIndex + maxLength + 2)
        guard let lineFeedIndex = self.buffer[self.readIndex..<searchEnd].firstIndex(of: lineFeed) else {
            if self.bufferedByteCount >= maxLength + 2 {
                throw tooLong
            }
            return nil
        }
        var lineEnd = lineFeedIndex
        if lineEnd > self.readIndex, self.buffer[lineEnd - 1] == carriageReturn {
            lineEnd -= 1
        }
        let line = self.buffer[self.readIndex..<lineEnd]
        if line.contains(carriageReturn) {
            throw HTTPParseError(.badRequest, "A line contains a bare carriage return.")
        }
        self.readIndex = lineFeedIndex + 1
        return line
    }
}
