import Dispatch
import Foundation
import Glibc
import Observability
import Synchronization

/// An HTTP/1.1 server on non-blocking POSIX sockets driven by Dispatch sources, over TLS when the
/// configuration names a certificate.
///
/// `start()` binds and listens; each accepted socket becomes a `Connection` on one of the event loops.
/// `reloadTLSCertificate()` swaps the certificate for new handshakes while open connections continue.
/// `shutdown(gracePeriod:)` stops accepting, lets connections finish the requests they received, and
/// closes whatever is left when the grace period ends.
public final class HTTPServer: Sendable {
    private struct State {
        var listenSocket: Int32 = -1
        var acceptSource: AcceptSource?
        var connections: [ObjectIdentifier: Connection] = [:]
        /// TLS connections past the limit, completing their handshake only to receive a 503.
        var rejecting: [ObjectIdentifier: Connection] = [:]
        var shuttingDown = false
        var localPort = 0
        /// The context new connections handshake with; nil on plain HTTP.
        var tlsContext: TLSContext?
    }

    public let configuration: HTTPServerConfiguration
    private let responder: any HTTPResponder
    private let logger: Logger
    private let state = Mutex(State())
    private let acceptQueue = DispatchQueue(label: "http.accept")
    /// Event loops that connections are spread over, one per processor by default: events of many
    /// connections run back to back on one thread instead of waking a thread each.
    private let loops: [EventLoop]
    private let nextLoop = Atomic<Int>(0)
    private let tlsFailureLog = TLSFailureLogLimiter()
    private let unsentResponseBytes = Atomic<Int>(0)
    /// TLS connections past the limit that may handshake for their 503 at once. Each handshake costs CPU
    /// that an overloaded server lacks, so past this many the socket only closes.
    public static let maxTLSRejections = 64

    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder, logger: Logger) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        let loopCount = max(1, configuration.eventLoopCount ?? ProcessInfo.processInfo.activeProcessorCount)
        self.loops = (0..<loopCount).map { EventLoop(label: "http.loop.\($0)") }
    }

    /// The bound TCP port, useful when the configuration asked for port 0.
    public var localPort: Int { self.state.withLock { $0.localPort } }

    /// Open connections right now.
    public var connectionCount: Int { self.state.withLock { $0.connections.count } }

    /// Response bytes queued on all open connections and not yet accepted by their sockets. A connection
    /// dispatches no request while its queue is past `maxBufferedResponseBytes`, so its share stays at or
    /// below that limit plus one response.
    public var bufferedResponseBytes: Int { self.unsentResponseBytes.load(ordering: .relaxed) }

    /// Binds the listening socket and starts accepting connections.
    ///
    /// - Throws: `HTTPServerError` when the TLS certificate chain or private key cannot be read, parsed or
    ///   matched (naming the file), or when the address cannot be resolved, bound or listened on.
    public func start() throws(HTTPServerError) {
        let tlsContext = try self.configuration.tls.map { configuration throws(HTTPServerError) in
            try TLSContext(configuration: configuration)
        }
        let (socket, port) = try ListeningSocket.open(
            host: self.configuration.host,
            port: self.configuration.port,
            backlog: self.configuration.backlog
        )
        let source = DispatchSource.makeReadSource(fileDescriptor: socket, queue: self.acceptQueue)
        source.setEventHandler { [self] in self.acceptPendingConnections(on: socket) }
        source.setCancelHandler { Glibc.close(socket) }
        self.state.withLock { state in
            state.listenSocket = socket
            state.acceptSource = AcceptSource(source: source)
            state.localPort = port
            state.tlsContext = tlsContext
        }
        source.resume()
        self.logger.info(
            "Server listening.",
            metadata: [
                "http.host": self.configuration.host, "http.port": "\(port)",
                "http.scheme": tlsContext == nil ? "http" : "https",
            ]
        )
    }

    /// Reads the configured certificate chain and private key again; handshakes that start afterwards
    /// use them, while open connections keep the certificate they negotiated with. On failure the
    /// current certificate stays in use. Blocks on file reads, so call it off the concurrency pool.
    ///
    /// - Throws: `HTTPServerError` naming the file that failed, or with operation "reloading the TLS
    ///   certificate" when the server was configured without TLS.
    public func reloadTLSCertificate() throws(HTTPServerError) {
        guard let configuration = self.configuration.tls else {
            throw HTTPServerError(
                operation: "reloading the TLS certificate",
                address: "\(self.configuration.host):\(self.configuration.port)",
                errorNumber: 0,
                tlsReason: "the server was started without TLS"
            )
        }
        let context = try TLSContext(configuration: configuration)
        self.state.withLock { $0.tlsContext = context }
        self.logger.info(
            "TLS certificate reloaded.",
            metadata: ["tls.certificate_path": configuration.certificateChainPath]
        )
    }

    /// Stops accepting, lets open connections respond to what they already received, and returns once all
    /// connections closed or `gracePeriod` passed, closing the rest.
    public func shutdown(gracePeriod: Duration) async {
        let connections = self.state.withLock { state -> [Connection] in
            state.shuttingDown = true
            state.acceptSource?.source.cancel()
            state.acceptSource = nil
            return Array(state.connections.values) + Array(state.rejecting.values)
        }
        self.logger.info("Server shutting down.", metadata: ["http.open_connections": "\(connections.count)"])
        for connection in connections {
            connection.beginShutdown()
        }
        let deadline = ContinuousClock.now + gracePeriod
        while self.openConnectionsRemain() && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let remaining = self.state.withLock { Array($0.connections.values) + Array($0.rejecting.values) }
        if !remaining.isEmpty {
            self.logger.warning(
                "Closing connections still open after the grace period.",
                metadata: ["http.open_connections": "\(remaining.count)"]
            )
            for connection in remaining {
                connection.forceClose()
            }
        }
        self.logger.info("Server stopped.")
    }

    private func openConnectionsRemain() -> Bool {
        self.state.withLock { !$0.connections.isEmpty || !$0.rejecting.isEmpty }
    }

    private func acceptPendingConnections(on listenSocket: Int32) {
        while true {
            let fd = accept(listenSocket, nil, nil)
            if fd < 0 {
                self.handleAcceptFailure(errno)
                return
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            var noDelay: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            self.register(fd)
        }
    }

    private func handleAcceptFailure(_ error: Int32) {
        switch error {
        case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED:
            return
        case EMFILE, ENFILE:
            // Out of descriptors: pause accepting briefly instead of spinning on the ready listener.
            self.logger.error("Accept failed: out of file descriptors.", metadata: ["error.errno": "\(error)"])
            self.state.withLock { $0.acceptSource }?.source.suspend()
            self.acceptQueue.asyncAfter(deadline: .now() + .milliseconds(100)) { [self] in
                self.state.withLock { $0.acceptSource }?.source.resume()
            }
        default:
            self.logger.error("Accept failed.", metadata: ["error.errno": "\(error)"])
        }
    }

    private func register(_ fd: Int32) {
        var session: TLSSession?
        if self.configuration.tls != nil, let context = self.state.withLock({ $0.tlsContext }) {
            session = TLSSession(context: context, fd: fd)
            guard session != nil else {
                self.logger.error("TLS session allocation failed; closing the connection.")
                Glibc.close(fd)
                return
            }
        }
        let admission = self.state.withLock { state -> Admission in
            if state.shuttingDown {
                return .rejected
            }
            if state.connections.count < self.configuration.maxConnections {
                return .admitted
            }
            return session != nil && state.rejecting.count < Self.maxTLSRejections ? .rejectedAfterHandshake : .rejected
        }
        switch admission {
        case .rejected where session == nil:
            self.reject(fd)
            return
        case .rejected:
            Glibc.close(fd)
            self.logRejection()
            return
        case .admitted, .rejectedAfterHandshake:
            break
        }
        let loopIndex = self.nextLoop.wrappingAdd(1, ordering: .relaxed).oldValue % self.loops.count
        let connection = Connection(
            fd: fd,
            loop: self.loops[loopIndex],
            policy: self.configuration.connectionPolicy,
            responder: self.responder,
            logger: self.logger,
            tls: session,
            tlsFailureLog: self.tlsFailureLog,
            rejection: admission == .rejectedAfterHandshake ? Self.limitResponse() : nil,
            onClose: { [weak self] connection in self?.unregister(connection) },
            onBufferedBytesChange: { [weak self] delta in
                self?.unsentResponseBytes.add(delta, ordering: .relaxed)
            }
        )
        // Only the accept queue registers, so no other accept took the slot since the check above. Closing
        // connections only free slots, and a shutdown that started meanwhile is checked again here.
        let stored = self.state.withLock { state -> Bool in
            guard !state.shuttingDown else {
                return false
            }
            if admission == .rejectedAfterHandshake {
                state.rejecting[ObjectIdentifier(connection)] = connection
            } else {
                state.connections[ObjectIdentifier(connection)] = connection
            }
            return true
        }
        guard stored else {
            Glibc.close(fd)
            return
        }
        connection.start()
    }

    private enum Admission {
        case admitted
        /// Over TLS past the limit: the handshake completes, then the connection sends 503 and closes.
        case rejectedAfterHandshake
        /// Rejected at once: a plain connection gets its 503 in one send, a TLS one is closed.
        case rejected
    }

    private func unregister(_ connection: Connection) {
        self.state.withLock { state in
            let key = ObjectIdentifier(connection)
            if state.connections.removeValue(forKey: key) == nil {
                state.rejecting.removeValue(forKey: key)
            }
        }
    }

    /// Sends 503 on a plain connection past the limit and closes it. The small response fits in the
    /// socket's send buffer, so one non-blocking send is enough.
    private func reject(_ fd: Int32) {
        let bytes = Self.limitResponse()
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        Glibc.shutdown(fd, Int32(SHUT_WR))
        Glibc.close(fd)
        self.logRejection()
    }

    private func logRejection() {
        self.logger.debug(
            "Connection rejected: limit reached.",
            metadata: ["http.max_connections": "\(self.configuration.maxConnections)"]
        )
    }

    /// Returns the 503 with `Retry-After` that a connection past the limit receives before it closes.
    static func limitResponse() -> [UInt8] {
        let requestId = RequestId.generate()
        let response = ProblemResponse.make(
            status: .serviceUnavailable,
            detail: "The server has reached its connection limit; retry shortly.",
            requestId: requestId
        )
        var withRetry = response
        withRetry.headers.add(name: "Retry-After", value: "1")
        return HTTPResponseSerializer.serialize(
            withRetry,
            requestId: requestId,
            isHead: false,
            closeConnection: true,
            date: HTTPDateCache.shared.current()
        )
    }
}

/// The listener's read source. `@unchecked Sendable`: Dispatch sources may be resumed, suspended and
/// cancelled from any thread; the handle is only stored and passed between them.
private struct AcceptSource: @unchecked Sendable {
    let source: any DispatchSourceRead
}
