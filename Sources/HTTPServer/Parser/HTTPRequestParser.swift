/// An incremental HTTP/1.1 request parser (RFC 9112) that turns bytes into requests and does no I/O.
///
/// Feed bytes with `append(_:)` and call `next()` until it returns nil. Requests come out in order, so
/// pipelined requests in one read are all returned. After an error the parser stays failed: the
/// connection responds with the error's status and closes, because the framing of anything that follows
/// cannot be trusted.
public struct HTTPRequestParser: Sendable {
    /// The result of `next()`.
    public enum Event: Sendable, Equatable {
        /// The current request sent `Expect: 100-continue` and its body has not arrived yet.
        case continueRequired
        /// A complete request.
        case request(HTTPRequest)

        public static func == (lhs: Event, rhs: Event) -> Bool {
            switch (lhs, rhs) {
            case (.continueRequired, .continueRequired): true
            case (.request(let left), .request(let right)):
                left.method == right.method && left.target == right.target && left.body == right.body
            default: false
            }
        }
    }

    enum State: Sendable {
        case head
        case fixedBody(RequestHead, remaining: Int)
        case chunkSize(RequestHead)
        case chunkData(RequestHead, remaining: Int)
        case chunkDataEnd(RequestHead)
        case trailers(RequestHead, fieldCount: Int, bytes: Int)
        case failed(HTTPParseError)
    }

    public let limits: HTTPParserLimits
    var buffer: [UInt8] = []
    var readIndex = 0
    /// The offset where the search for the end of the head resumes, so bytes trickling in are scanned once.
    var scanIndex = 0
    var state: State = .head
    var body: [UInt8] = []
    /// Line breaks skipped before the current request line; reset when a request completes.
    var skippedLineBreaks = 0
    /// Line breaks tolerated before a request line, such as the stray CRLF some clients send after a body.
    static let maxSkippedLineBreaks = 8
    /// Longest method token accepted; longer is 501, as no method the server implements is that long.
    static let maxMethodLength = 32

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// Adds bytes read from the connection.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        self.compactIfWorthwhile()
        self.buffer.append(contentsOf: bytes)
    }

    /// Adds bytes read from the connection.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { self.append($0) }
    }

    /// Reports whether part of a request has been received but not all of it. Line breaks before a
    /// request line are not part of a request.
    public var hasPartialRequest: Bool {
        switch self.state {
        case .head:
            self.buffer[self.readIndex...].contains { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        case .failed: false
        default: true
        }
    }

    /// Reports whether the parser is still waiting for the end of a request head.
    public var isReadingHead: Bool {
        if case .head = self.state {
            return true
        }
        return false
    }

    /// Bytes received but not yet consumed.
    public var bufferedByteCount: Int { self.buffer.count - self.readIndex }

    /// Returns the next event, or nil when more bytes are needed.
    ///
    /// - Throws: `HTTPParseError` for a request that breaks the grammar, the framing rules or a limit.
    public mutating func next() throws(HTTPParseError) -> Event? {
        if case .failed(let error) = self.state {
            throw error
        }
        do {
            return try self.advance()
        } catch {
            self.state = .failed(error)
            throw error
        }
    }

    private mutating func advance() throws(HTTPParseError) -> Event? {
        while true {
            switch self.state {
            case .head:
                guard let head = try self.parseHead() else {
                    return nil
                }
                if let event = try self.startBody(for: head) {
                    return event
                }
            case .fixedBody(let head, let remaining):
                let available = min(remaining, self.bufferedByteCount)
                self.body.append(contentsOf: self.buffer[self.readIndex..<self.readIndex + available])
                self.readIndex += available
                guard available == remaining else {
                    self.state = .fixedBody(head, remaining: remaining - available)
                    return nil
                }
                return self.finish(head)
            case .chunkSize(let head):
                guard try self.parseChunkSize(head) else {
                    return nil
                }
            case .chunkData(let head, let remaining):
                let available = min(remaining, self.bufferedByteCount)
                self.body.append(contentsOf: self.buffer[self.readIndex..<self.readIndex + available])
                self.readIndex += available
                guard available == remaining else {
                    self.state = .chunkData(head, remaining: remaining - available)
                    return nil
                }
                self.state = .chunkDataEnd(head)
            case .chunkDataEnd(let head):
                guard let line = try self.takeLine(maxLength: 0, tooLong: Self.badChunk) else {
                    return nil
                }
                guard line.isEmpty else {
                    throw Self.badChunk
                }
                self.state = .chunkSize(head)
            case .trailers(let head, let fieldCount, let bytes):
                switch try self.parseTrailerLine(head, fieldCount: fieldCount, bytes: bytes) {
                case .needMoreBytes: return nil
                case .fieldSkipped: continue
                case .finished(let event): return event
                }
            case .failed(let error):
                throw error
            }
        }
    }

    /// Decides how the body is framed (RFC 9112, section 6.3) and enters the matching state. Returns
    /// an event when the request is already complete or wants a 100 Continue.
    private mutating func startBody(for head: RequestHead) throws(HTTPParseError) -> Event? {
        self.body = []
        switch head.framing {
        case .none:
            return self.finish(head)
        case .contentLength(let length):
            if length == 0 {
                return self.finish(head)
            }
            guard length <= self.limits.maxBodyBytes else {
                throw HTTPParseError(
                    .contentTooLarge,
                    "The request body is larger than \(self.limits.maxBodyBytes) bytes."
                )
            }
            self.state = .fixedBody(head, remaining: length)
        case .chunked:
            self.state = .chunkSize(head)
        }
        if head.expectsContinue && self.bufferedByteCount == 0 {
            return .continueRequired
        }
        return nil
    }

    private mutating func finish(_ head: RequestHead) -> Event {
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
        return .request(request)
    }

    private mutating func compactIfWorthwhile() {
        guard self.readIndex > 0, self.readIndex >= self.buffer.count / 2 || self.readIndex > 64 * 1024 else {
            return
        }
        self.buffer.removeSubrange(0..<self.readIndex)
        self.scanIndex = max(0, self.scanIndex - self.readIndex)
        self.readIndex = 0
    }

    static let badChunk = HTTPParseError(.badRequest, "The chunked request body is malformed.")
}
