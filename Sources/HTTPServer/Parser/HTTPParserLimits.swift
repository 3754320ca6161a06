/// Size limits the parser enforces while reading a request, each with its own status.
public struct HTTPParserLimits: Sendable {
    /// Maximum request line length in bytes, without its line ending; longer is 414.
    public var maxRequestLineLength: Int
    /// Maximum header section size in bytes (all field lines after the request line); larger is 431.
    public var maxHeaderBytes: Int
    /// Maximum number of header fields (and trailer fields) in one request; more is 431.
    public var maxHeaderCount: Int
    /// Maximum request body size in bytes after chunked decoding; larger is 413.
    public var maxBodyBytes: Int
    /// Maximum chunk-size line length including chunk extensions; longer is 400.
    public var maxChunkLineLength: Int

    public init(
        maxRequestLineLength: Int = 8 * 1024,
        maxHeaderBytes: Int = 32 * 1024,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1024 * 1024,
        maxChunkLineLength: Int = 4 * 1024
    ) {
        self.maxRequestLineLength = maxRequestLineLength
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineLength = maxChunkLineLength
    }
}

/// A request the parser cannot accept, with the status to respond with before closing the connection.
public struct HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public let status: HTTPStatus
    /// A sentence for the problem detail and the log; never contains request bytes.
    public let reason: String

    public init(_ status: HTTPStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }

    public var description: String { "\(self.status): \(self.reason)" }
}
