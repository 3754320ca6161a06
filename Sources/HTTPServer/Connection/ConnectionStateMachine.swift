/// The life of one HTTP/1.1 connection as a value type: which request is at the responder, which are
/// queued behind it (pipelining), when to send 100 Continue, when to stop reading, which timeout
/// applies, and when to close. It does no I/O: `Connection` feeds it events and carries out the actions
/// it returns, so every rule here is tested without a socket.
struct ConnectionStateMachine {
    enum Action: Equatable {
        /// Hand the request to the responder; `responseReady` follows.
        case dispatch(HTTPRequest)
        /// Queue bytes for the socket, after everything queued before.
        case write([UInt8])
        /// Close once the queued bytes are written.
        case closeAfterFlush
        /// Close now, dropping unwritten bytes.
        case closeNow
        case pauseReading
        case resumeReading
        /// Log that the parser rejected a request; its error response is among the writes.
        case logRejection(HTTPParseError, requestId: String)

        static func == (lhs: Action, rhs: Action) -> Bool {
            switch (lhs, rhs) {
            case (.dispatch(let left), .dispatch(let right)): left.requestId == right.requestId
            case (.write(let left), .write(let right)): left == right
            case (.closeAfterFlush, .closeAfterFlush), (.closeNow, .closeNow), (.pauseReading, .pauseReading),
                (.resumeReading, .resumeReading):
                true
            case (.logRejection(let left, let leftId), .logRejection(let right, let rightId)):
                left == right && leftId == rightId
            default: false
            }
        }
    }

    /// A parsed request waiting for its turn, or a parse error to respond with in its place.
    private enum Pending {
        case request(HTTPRequest)
        case failure(HTTPParseError, requestId: String)
    }

    let policy: ConnectionPolicy
    private var parser: HTTPRequestParser
    private var pending: [Pending] = []
    private var inFlight: HTTPRequest?
    /// Set once no further request will be read: after `Connection: close`, a parse error or shutdown.
    private var stopReadingRequests = false
    private var owesContinue = false
    private var peerClosedReading = false
    private var shuttingDown = false
    private var readingPaused = false
    private var outboundBytes = 0
    private(set) var isClosed = false
    private var lastActivity: UInt64
    private var requestStartedAt: UInt64?
    /// When the accepted socket started its TLS handshake; nil on plain HTTP and once it finished.
    private var handshakeStartedAt: UInt64?
    private let makeRequestId: @Sendable () -> String

    /// Creates the machine for a socket accepted at `now`; `awaitingHandshake` when TLS must finish first.
    init(
        policy: ConnectionPolicy,
        now: UInt64,
        awaitingHandshake: Bool = false,
        makeRequestId: @escaping @Sendable () -> String = RequestId.generate
    ) {
        self.policy = policy
        self.parser = HTTPRequestParser(limits: policy.limits)
        self.lastActivity = now
        self.handshakeStartedAt = awaitingHandshake ? now : nil
        self.makeRequestId = makeRequestId
    }

    /// True while the TLS handshake has not finished; the connection reads no requests until then.
    var isHandshaking: Bool { self.handshakeStartedAt != nil }

    /// Handles the end of the TLS handshake: from now on the usual request and idle timeouts apply.
    mutating func handshakeCompleted(now: UInt64) {
        self.handshakeStartedAt = nil
        self.lastActivity = now
    }

    /// Bytes arrived from the peer.
    mutating func bytesReceived(_ bytes: UnsafeRawBufferPointer, now: UInt64) -> [Action] {
        guard !self.isClosed, !self.stopReadingRequests else {
            return []
        }
        self.parser.append(bytes)
        // Only bytes of a request count: line breaks between requests neither start the request clock
        // nor keep an idle connection open.
        if self.parser.hasPartialRequest {
            self.lastActivity = now
            if self.requestStartedAt == nil {
                self.requestStartedAt = now
            }
        }
        var actions = self.parseAvailableRequests(now: now)
        actions += self.dispatchNextIfPossible()
        return actions
    }

    /// Handles the response to the request in flight.
    mutating func responseReady(_ response: HTTPResponse, date: String, now: UInt64) -> [Action] {
        guard let request = self.inFlight, !self.isClosed else {
            return []
        }
        self.inFlight = nil
        self.lastActivity = now
        let nothingQueued = self.pending.isEmpty
        let close =
            !request.keepAlive || (self.shuttingDown && nothingQueued)
            || (self.peerClosedReading && nothingQueued && !self.parser.hasPartialRequest)
        let bytes = HTTPResponseSerializer.serialize(
            response,
            requestId: request.requestId,
            isHead: request.method == .head,
            closeConnection: close,
            date: date
        )
        var actions: [Action] = [.write(bytes)]
        self.outboundBytes += bytes.count
        if close {
            self.isClosed = true
            return actions + [.closeAfterFlush]
        }
        if self.owesContinue && nothingQueued {
            self.owesContinue = false
            actions.append(.write(HTTPResponseSerializer.continueResponse))
        }
        actions += self.parseAvailableRequests(now: now)
        actions += self.dispatchNextIfPossible()
        return actions
    }

    /// Handles write progress: the socket accepted bytes and `remaining` are still queued.
    mutating func writeProgressed(remaining: Int, now: UInt64) -> [Action] {
        self.outboundBytes = remaining
        self.lastActivity = now
        guard !self.isClosed else {
            return []
        }
        var actions = self.parseAvailableRequests(now: now)
        actions += self.dispatchNextIfPossible()
        return actions
    }

    /// Handles the peer closing its side (read returned 0). A request already received still gets its response.
    mutating func peerClosed() -> [Action] {
        self.peerClosedReading = true
        guard !self.isClosed else {
            return []
        }
        if self.inFlight == nil && self.pending.isEmpty {
            self.isClosed = true
            return [.closeAfterFlush]
        }
        return []
    }

    /// Marks every response from now on as the connection's last, before the last read at shutdown.
    mutating func announceShutdown() {
        self.shuttingDown = true
    }

    /// Starts shutting down: finishes what was received, then closes.
    mutating func shutdownRequested() -> [Action] {
        self.shuttingDown = true
        self.stopReadingRequests = true
        guard !self.isClosed else {
            return []
        }
        if self.inFlight == nil && self.pending.isEmpty {
            self.isClosed = true
            return [.closeAfterFlush]
        }
        return []
    }

    /// The uptime in nanoseconds when the current timeout expires, or nil when none applies.
    var deadline: UInt64? {
        guard !self.isClosed else {
            return nil
        }
        if let started = self.handshakeStartedAt {
            // A handshake is treated like a request head. It gets the header timeout, or the idle timeout
            // when that is shorter, so a client that stalls mid-handshake keeps its socket no longer.
            return started + min(self.policy.headerReadTimeout, self.policy.idleTimeout)
        }
        if self.outboundBytes > 0 {
            // The peer is not reading what we wrote.
            return self.lastActivity + self.policy.idleTimeout
        }
        if self.inFlight != nil || !self.pending.isEmpty {
            return nil
        }
        if self.parser.hasPartialRequest, let started = self.requestStartedAt {
            let limit = self.parser.isReadingHead ? self.policy.headerReadTimeout : self.policy.bodyReadTimeout
            return started + limit
        }
        return self.lastActivity + self.policy.idleTimeout
    }

    /// Handles the timer: sends 408 for a request that stalled, or closes an idle or unread connection.
    mutating func timerFired(now: UInt64, date: String) -> [Action] {
        guard let deadline = self.deadline, now >= deadline else {
            return []
        }
        self.isClosed = true
        if self.outboundBytes > 0 || self.handshakeStartedAt != nil {
            // Without a finished handshake there is no channel to send a 408 on.
            return [.closeNow]
        }
        if self.parser.hasPartialRequest {
            let requestId = self.makeRequestId()
            let response = ProblemResponse.make(
                status: .requestTimeout,
                detail: "The request was not received in time.",
                requestId: requestId
            )
            let bytes = HTTPResponseSerializer.serialize(
                response,
                requestId: requestId,
                isHead: false,
                closeConnection: true,
                date: date
            )
            return [.write(bytes), .closeAfterFlush]
        }
        // An idle keep-alive connection closes silently: a 408 here could be read as the response to the
        // next request a client sends on a pooled connection.
        return [.closeAfterFlush]
    }

    private mutating func parseAvailableRequests(now: UInt64) -> [Action] {
        var actions: [Action] = []
        while !self.stopReadingRequests, self.pending.count < self.policy.maxPipelinedRequests {
            let event: HTTPRequestParser.Event?
            do {
                event = try self.parser.next()
            } catch {
                self.pending.append(.failure(error, requestId: self.makeRequestId()))
                self.stopReadingRequests = true
                break
            }
            guard let event else {
                break
            }
            switch event {
            case .continueRequired:
                if self.inFlight == nil && self.pending.isEmpty && self.outboundBytes == 0 {
                    actions.append(.write(HTTPResponseSerializer.continueResponse))
                } else {
                    self.owesContinue = true
                }
            case .request(var request):
                request.requestId = RequestId.accepting(request.headers["X-Request-Id"], orElse: self.makeRequestId)
                self.pending.append(.request(request))
                self.requestStartedAt = self.parser.hasPartialRequest ? now : nil
                if !request.keepAlive {
                    self.stopReadingRequests = true
                }
            }
        }
        actions += self.updateReadingState()
        return actions
    }

    private mutating func updateReadingState() -> [Action] {
        let shouldPause =
            self.pending.count >= self.policy.maxPipelinedRequests
            || self.outboundBytes > self.policy.maxBufferedResponseBytes
        if shouldPause && !self.readingPaused {
            self.readingPaused = true
            return [.pauseReading]
        }
        if !shouldPause && self.readingPaused && !self.stopReadingRequests {
            self.readingPaused = false
            return [.resumeReading]
        }
        return []
    }

    private mutating func dispatchNextIfPossible() -> [Action] {
        guard self.inFlight == nil, !self.pending.isEmpty, !self.isClosed,
            self.outboundBytes <= self.policy.maxBufferedResponseBytes
        else {
            return []
        }
        switch self.pending.removeFirst() {
        case .request(let request):
            self.inFlight = request
            return [.dispatch(request)]
        case .failure(let error, let requestId):
            self.isClosed = true
            let response = ProblemResponse.make(status: error.status, detail: error.reason, requestId: requestId)
            let bytes = HTTPResponseSerializer.serialize(
                response,
                requestId: requestId,
                isHead: false,
                closeConnection: true,
                date: HTTPDateCache.shared.current()
            )
            return [.logRejection(error, requestId: requestId), .write(bytes), .closeAfterFlush]
        }
    }
}

/// Timeouts (nanoseconds) and limits for each connection.
struct ConnectionPolicy: Sendable {
    var limits: HTTPParserLimits
    var headerReadTimeout: UInt64
    var bodyReadTimeout: UInt64
    var idleTimeout: UInt64
    var maxPipelinedRequests: Int
    var maxBufferedResponseBytes: Int
}
