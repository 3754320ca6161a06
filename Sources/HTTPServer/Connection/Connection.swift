import Dispatch
import Glibc
import Observability

/// One accepted socket on an event loop: the loop reports readiness, this class reads, writes and
/// carries out what `ConnectionStateMachine` decides. With a `TLSSession` it runs the handshake first and
/// then reads and writes through OpenSSL; without one it uses the socket directly.
///
/// `@unchecked Sendable`: every mutable property is read and written only on `queue` (the loop's). The
/// responder runs in a Task and hops back onto `queue` with its response.
final class Connection: EventLoop.Handler, @unchecked Sendable {
    let fd: Int32
    let queue: DispatchQueue
    private let loop: EventLoop
    private var machine: ConnectionStateMachine
    private let responder: any HTTPResponder
    private let logger: Logger
    private let onClose: @Sendable (Connection) -> Void
    private let tls: TLSSession?
    /// Shared by the server's connections, so the cap on handshake failure lines is server-wide.
    private let tlsFailureLog: TLSFailureLogLimiter
    /// Set when OpenSSL needs the socket writable before a read or handshake step can continue, and
    /// the reverse.
    private var tlsReadWaitsForWritable = false
    private var tlsWriteWaitsForReadable = false
    /// The 503 sent right after the handshake, instead of reading requests, on a TLS connection past the
    /// server's limit.
    private let rejection: [UInt8]?
    /// Reports changes to the count of unsent response bytes, so the server can sum them over connections.
    private let onBufferedBytesChange: @Sendable (Int) -> Void

    private var timer: (any DispatchSourceTimer)?
    private var readingPaused = false
    private var timerFireTime: UInt64 = .max

    private var outbound: [UInt8] = []
    private var outboundOffset = 0
    private var closeWhenFlushed = false
    private var closed = false

    init(
        fd: Int32,
        loop: EventLoop,
        policy: ConnectionPolicy,
        responder: any HTTPResponder,
        logger: Logger,
        tls: TLSSession? = nil,
        tlsFailureLog: TLSFailureLogLimiter = TLSFailureLogLimiter(),
        rejection: [UInt8]? = nil,
        onClose: @escaping @Sendable (Connection) -> Void,
        onBufferedBytesChange: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.fd = fd
        self.queue = loop.queue
        self.loop = loop
        self.machine = ConnectionStateMachine(
            policy: policy,
            now: DispatchTime.now().uptimeNanoseconds,
            awaitingHandshake: tls != nil
        )
        self.responder = responder
        self.logger = logger
        self.tls = tls
        self.tlsFailureLog = tlsFailureLog
        self.rejection = rejection
        self.onClose = onClose
        self.onBufferedBytesChange = onBufferedBytesChange
    }

    /// Registers the socket with the loop and starts the timer; call once after the server admitted it.
    func start() {
        self.queue.async {
            guard self.loop.register(self.fd, handler: self) else {
                self.logger.debug("Connection registration failed.", metadata: ["error.errno": "\(errno)"])
                Glibc.close(self.fd)
                self.closed = true
                self.onClose(self)
                return
            }
            let timer = DispatchSource.makeTimerSource(queue: self.queue)
            timer.setEventHandler { [weak self] in self?.timerFired() }
            timer.resume()
            self.timer = timer
            self.rescheduleTimer()
            // Bytes that arrived before registration raise no edge, so read once now.
            if self.machine.isHandshaking {
                self.continueHandshake()
            } else {
                self.readAvailableBytes()
            }
        }
    }

    func socketReadable() {
        if self.machine.isHandshaking {
            self.continueHandshake()
            return
        }
        if self.tlsWriteWaitsForReadable {
            self.flush()
        }
        self.readAvailableBytes()
    }

    func socketWritable() {
        if self.machine.isHandshaking {
            // Most handshake steps wait for the client, so a writable edge alone rarely lets one continue.
            if self.tlsReadWaitsForWritable {
                self.continueHandshake()
            }
            return
        }
        if self.tlsReadWaitsForWritable {
            self.readAvailableBytes()
        }
        if self.outboundOffset < self.outbound.count {
            self.flush()
        }
    }

    /// Asks the connection to finish the requests it has and then close.
    func beginShutdown() {
        self.queue.async {
            // The kernel's buffer may already contain a whole request whose readable event has not run yet.
            // Reading it first serves that request, with `Connection: close`, instead of dropping it.
            self.machine.announceShutdown()
            self.readAvailableBytes()
            self.perform(self.machine.shutdownRequested())
        }
    }

    /// Closes the socket now, whatever is in flight.
    func forceClose() {
        self.queue.async {
            self.close()
        }
    }

    /// Reads until the socket has no more bytes (the loop is edge-triggered), a few buffers per turn so
    /// one busy connection cannot starve the others on its loop.
    private func readAvailableBytes() {
        withUnsafeTemporaryAllocation(byteCount: 64 * 1024, alignment: 16) { buffer in
            for _ in 0..<4 {
                guard !self.closed, !self.readingPaused else {
                    return
                }
                switch self.receive(into: buffer) {
                case .received(let count):
                    let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                    self.perform(self.machine.bytesReceived(bytes, now: Self.now()))
                case .endOfStream:
                    self.readingPaused = true
                    self.perform(self.machine.peerClosed())
                    return
                case .wouldBlock:
                    return
                case .interrupted:
                    continue
                case .failed(let reason):
                    self.logger.debug("Connection read failed.", metadata: ["error.reason": reason])
                    self.close()
                    return
                }
            }
            // More may be waiting and no new edge will report it: continue after the loop's other work.
            self.queue.async { self.readAvailableBytes() }
        }
    }

    private func perform(_ actions: [ConnectionStateMachine.Action]) {
        for action in actions {
            guard !self.closed else {
                return
            }
            switch action {
            case .dispatch(let request):
                self.dispatch(request)
            case .write(let bytes):
                self.outbound.append(contentsOf: bytes)
                self.onBufferedBytesChange(bytes.count)
            case .closeAfterFlush:
                self.closeWhenFlushed = true
                self.readingPaused = true
            case .closeNow:
                self.close()
            case .pauseReading:
                self.readingPaused = true
            case .resumeReading:
                self.resumeReading()
            case .logRejection(let error, let requestId):
                self.logger.debug(
                    "Request rejected.",
                    metadata: [
                        "http.status": String(error.status.code), "error.reason": error.reason,
                        "http.request_id": requestId,
                    ]
                )
            }
        }
        if !self.closed {
            self.flush()
            self.rescheduleTimer()
        }
    }

    private func dispatch(_ request: HTTPRequest) {
        let responder = self.responder
        let handoff = ResponseHandoff()
        // Task.immediate runs the handler on this thread until its first suspension, so a handler that
        // never suspends (health checks, cached reads) responds without two thread switches.
        Task.immediate {
            let response = await responder.respond(to: request)
            if !handoff.deliverInline(response) {
                self.queue.async {
                    self.responseArrived(response)
                }
            }
        }
        if let response = handoff.takeInlineResponse() {
            self.responseArrived(response)
        }
    }

    private func responseArrived(_ response: HTTPResponse) {
        let date = HTTPDateCache.shared.current()
        self.perform(self.machine.responseReady(response, date: date, now: Self.now()))
    }

    private func flush() {
        guard !self.closed else {
            return
        }
        writing: while self.outboundOffset < self.outbound.count {
            let result = self.outbound.withUnsafeBytes { bytes in
                self.send(UnsafeRawBufferPointer(rebasing: bytes[self.outboundOffset...]))
            }
            switch result {
            case .sent(let count):
                self.outboundOffset += count
                self.onBufferedBytesChange(-count)
            case .wouldBlock:
                break writing
            case .failed(let reason):
                self.logger.debug("Connection write failed.", metadata: ["error.reason": reason])
                self.close()
                return
            }
        }
        let remaining = self.outbound.count - self.outboundOffset
        if remaining == 0 {
            self.outbound.removeAll(keepingCapacity: self.outbound.capacity <= 64 * 1024)
            self.outboundOffset = 0
        }
        if remaining == 0 && self.closeWhenFlushed {
            self.close()
            return
        }
        let actions = self.machine.writeProgressed(remaining: remaining, now: Self.now())
        if !actions.isEmpty {
            self.perform(actions)
        }
    }

    private func resumeReading() {
        guard self.readingPaused, !self.closeWhenFlushed else {
            return
        }
        self.readingPaused = false
        // Bytes that arrived while paused raised their edge already, so read without waiting for one.
        self.queue.async { self.readAvailableBytes() }
    }

    private func timerFired() {
        self.timerFireTime = .max
        let wasHandshaking = self.machine.isHandshaking
        let actions = self.machine.timerFired(now: Self.now(), date: HTTPDateCache.shared.current())
        if !actions.isEmpty && wasHandshaking {
            self.logHandshakeFailure("TLS handshake timed out.", reason: nil)
        } else if !actions.isEmpty {
            self.logger.debug("Connection timed out.", metadata: ["http.connection_fd": "\(self.fd)"])
        }
        self.perform(actions)
        self.rescheduleTimer()
    }

    /// Moves the timer earlier when the deadline moved earlier. A later deadline is checked when the
    /// timer fires, which keeps timer updates off the per-request path.
    private func rescheduleTimer() {
        guard let timer, !self.closed else {
            return
        }
        let deadline = self.machine.deadline ?? Self.now() + 3_600_000_000_000
        guard deadline < self.timerFireTime else {
            return
        }
        self.timerFireTime = deadline
        timer.schedule(deadline: DispatchTime(uptimeNanoseconds: deadline), leeway: .milliseconds(50))
    }

    private func close() {
        guard !self.closed else {
            return
        }
        self.closed = true
        self.tls?.sendCloseNotify()
        self.loop.deregister(self.fd)
        Glibc.close(self.fd)
        self.timer?.cancel()
        self.timer = nil
        self.onBufferedBytesChange(self.outboundOffset - self.outbound.count)
        self.outbound = []
        self.outboundOffset = 0
        self.onClose(self)
    }

    // MARK: Transport

    private enum ReadResult {
        case received(Int)
        case endOfStream
        case wouldBlock
        case interrupted
        case failed(String)
    }

    private enum WriteResult {
        case sent(Int)
        case wouldBlock
        case failed(String)
    }

    private func receive(into buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        if let tls = self.tls {
            return self.receive(from: tls, into: buffer)
        }
        let count = Glibc.read(self.fd, buffer.baseAddress, buffer.count)
        if count > 0 {
            return .received(count)
        }
        if count == 0 {
            return .endOfStream
        }
        return Self.result(ofFailedCall: errno)
    }

    private func send(_ bytes: UnsafeRawBufferPointer) -> WriteResult {
        if let tls = self.tls {
            return self.send(bytes, through: tls)
        }
        let count = Glibc.send(self.fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        if count > 0 {
            return .sent(count)
        }
        let error = errno
        if count < 0 && (error == EAGAIN || error == EWOULDBLOCK || error == EINTR) {
            return .wouldBlock
        }
        return .failed(String(cString: strerror(error)))
    }

    private static func result(ofFailedCall error: Int32) -> ReadResult {
        if error == EAGAIN || error == EWOULDBLOCK {
            return .wouldBlock
        }
        if error == EINTR {
            return .interrupted
        }
        return .failed(String(cString: strerror(error)))
    }

    // MARK: TLS

    private func receive(from tls: TLSSession, into buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        self.tlsReadWaitsForWritable = false
        switch tls.read(into: buffer) {
        case .done(let count):
            return .received(count)
        case .wantRead:
            return .wouldBlock
        case .wantWrite:
            self.tlsReadWaitsForWritable = true
            return .wouldBlock
        case .closed:
            return .endOfStream
        case .failed(let reason):
            return .failed(reason)
        }
    }

    private func send(_ bytes: UnsafeRawBufferPointer, through tls: TLSSession) -> WriteResult {
        self.tlsWriteWaitsForReadable = false
        switch tls.write(bytes) {
        case .done(let count):
            return .sent(count)
        case .wantWrite:
            return .wouldBlock
        case .wantRead:
            self.tlsWriteWaitsForReadable = true
            return .wouldBlock
        case .closed:
            return .failed("the peer closed the connection")
        case .failed(let reason):
            return .failed(reason)
        }
    }

    /// Advances the TLS handshake; once it finishes, reads the request bytes that may have come with it.
    private func continueHandshake() {
        guard let tls = self.tls, !self.closed else {
            return
        }
        let outcome = tls.handshake()
        self.tlsReadWaitsForWritable = outcome == .wantWrite
        switch outcome {
        case .done:
            self.machine.handshakeCompleted(now: Self.now())
            if let rejection = self.rejection {
                self.logger.debug(
                    "Connection rejected after the TLS handshake: limit reached.",
                    metadata: self.peerMetadata()
                )
                self.perform([.write(rejection), .closeAfterFlush])
                return
            }
            self.logger.trace(
                "TLS handshake completed.",
                metadata: [
                    "tls.version": tls.protocolVersion, "tls.alpn": tls.applicationProtocol ?? "none",
                    "tls.resumed": String(tls.isResumed),
                ]
            )
            self.readAvailableBytes()
        case .wantRead, .wantWrite:
            return
        case .closed:
            // Load balancers' TCP checks connect and close without a handshake; that is no failure.
            self.logger.debug("TLS handshake ended by the peer.", metadata: self.peerMetadata())
            self.close()
        case .failed(let reason):
            // A plaintext request, an unsupported version or an alert from the client all end here.
            self.logHandshakeFailure("TLS handshake failed.", reason: reason)
            self.close()
        }
    }

    /// Logs at notice level, because a client that cannot connect is worth an operator's attention.
    /// Lines past the limiter's cap for the current second are only counted.
    private func logHandshakeFailure(_ message: String, reason: String?) {
        guard self.logger.isEnabled(.notice) else {
            return
        }
        guard let suppressed = self.tlsFailureLog.admit(now: Self.now()) else {
            return
        }
        var metadata = self.peerMetadata()
        metadata["tls.error"] = reason
        if suppressed > 0 {
            metadata["log.suppressed"] = String(suppressed)
        }
        self.logger.notice(message, metadata: metadata)
    }

    /// Looks up the peer's address for a log line. Only code that writes a line calls it, so accepts pay nothing.
    private func peerMetadata() -> Logger.Metadata {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let status = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                guard getpeername(self.fd, address, &length) == 0 else {
                    return Int32(-1)
                }
                let flags = NI_NUMERICHOST | NI_NUMERICSERV
                return getnameinfo(
                    address,
                    length,
                    &host,
                    socklen_t(host.count),
                    &service,
                    socklen_t(service.count),
                    flags
                )
            }
        }
        guard status == 0 else {
            return ["http.connection_fd": "\(self.fd)"]
        }
        return [
            "net.peer.address": String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
            "net.peer.port": String(decoding: service.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
        ]
    }

    static func now() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }
}
