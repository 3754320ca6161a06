/// Listener address, TLS, limits and timeouts of the HTTP server, with a default for every field.
public struct HTTPServerConfiguration: Sendable {
    /// Numeric address to bind, such as `127.0.0.1` or `::1`.
    public var host: String
    /// TCP port; 0 picks a free one (read it back from `HTTPServer.localPort`).
    public var port: Int
    public var backlog: Int32
    /// Open connections allowed at once; past it a new connection gets 503 and is closed.
    public var maxConnections: Int
    public var limits: HTTPParserLimits
    /// Certificate and key for HTTPS; nil serves plain HTTP.
    public var tls: TLSConfiguration?
    /// Time allowed from the first byte of a request to the end of its head; then 408 and close. Over
    /// TLS the handshake must also finish within it, counted from the accept, or the socket is closed.
    public var headerReadTimeout: Duration
    /// Time allowed from the first byte of a request to the end of its body; then 408 and close.
    public var bodyReadTimeout: Duration
    /// Time an idle keep-alive connection, or one whose peer stops reading responses, stays open. It
    /// also bounds a TLS handshake when it is shorter than `headerReadTimeout`.
    public var idleTimeout: Duration
    /// Requests parsed ahead of the one in progress; past it the server stops reading the socket.
    public var maxPipelinedRequests: Int
    /// Unsent response bytes per connection; past it the server stops reading and responding.
    public var maxBufferedResponseBytes: Int
    /// Serial queues that connection events run on; nil means one per active processor.
    public var eventLoopCount: Int?

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        backlog: Int32 = 511,
        maxConnections: Int = 1024,
        limits: HTTPParserLimits = HTTPParserLimits(),
        headerReadTimeout: Duration = .seconds(10),
        bodyReadTimeout: Duration = .seconds(60),
        idleTimeout: Duration = .seconds(60),
        maxPipelinedRequests: Int = 16,
        maxBufferedResponseBytes: Int = 1024 * 1024,
        eventLoopCount: Int? = nil,
        tls: TLSConfiguration? = nil
    ) {
        self.host = host
        self.port = port
        self.backlog = backlog
        self.maxConnections = maxConnections
        self.limits = limits
        self.headerReadTimeout = headerReadTimeout
        self.bodyReadTimeout = bodyReadTimeout
        self.idleTimeout = idleTimeout
        self.maxPipelinedRequests = maxPipelinedRequests
        self.maxBufferedResponseBytes = maxBufferedResponseBytes
        self.eventLoopCount = eventLoopCount
        self.tls = tls
    }

    var connectionPolicy: ConnectionPolicy {
        ConnectionPolicy(
            limits: self.limits,
            headerReadTimeout: self.headerReadTimeout.nanoseconds,
            bodyReadTimeout: self.bodyReadTimeout.nanoseconds,
            idleTimeout: self.idleTimeout.nanoseconds,
            maxPipelinedRequests: max(1, self.maxPipelinedRequests),
            maxBufferedResponseBytes: self.maxBufferedResponseBytes
        )
    }
}

extension Duration {
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = self.components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
