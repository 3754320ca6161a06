import Dispatch
import Glibc
import Observability

/// One accepted socket on an event loop: the loop reports readiness, this class reads, writes and
/// carries out what `ConnectionStateMachine` decides.
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
        onClose: @escaping @Sendable (Connection) -> Void,
        onBufferedBytesChange: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.fd = fd
        self.queue = loop.queue
        self.loop = loop
        self.machine = ConnectionStateMachine(policy: policy, now: DispatchTime.now().uptimeNanoseconds)
        self.responder = responder
        self.logger = logger
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
            self.readAvailableBytes()
        }
    }

    func socketReadable() {
        self.readAvailableBytes()
    }

    func socketWritable() {
        if self.outboundOffset < self.outbound.count {
            self.flush()
        }
    }

    /// Asks the connection to finish the requests it has and then close.
    func beginShutdown() {
        self.queue.async {
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
                let count = Glibc.read(self.fd, buffer.baseAddress, buffer.count)
                if count > 0 {
                    let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                    self.perform(self.machine.bytesReceived(bytes, now: Self.now()))
                } else if count == 0 {
                    self.readingPaused = true
                    self.perform(self.machine.peerClosed())
                    return
                } else if errno == EAGAIN || errno == EWOULDBLOCK {
                    return
                } else if errno != EINTR {
                    self.logger.debug("Connection read failed.", metadata: ["error.errno": "\(errno)"])
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
        while self.outboundOffset < self.outbound.count {
            let written = self.outbound.withUnsafeBytes { bytes in
                Glibc.send(
                    self.fd,
                    bytes.baseAddress! + self.outboundOffset,
                    bytes.count - self.outboundOffset,
                    Int32(MSG_NOSIGNAL)
                )
            }
            if written > 0 {
                self.outboundOffset += written
                self.onBufferedBytesChange(-written)
            } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                break
            } else {
                self.logger.debug("Connection write failed.", metadata: ["error.errno": "\(errno)"])
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
        let actions = self.machine.timerFired(now: Self.now(), date: HTTPDateCache.shared.current())
        if !actions.isEmpty {
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
        self.loop.deregister(self.fd)
        Glibc.close(self.fd)
        self.timer?.cancel()
        self.timer = nil
        self.onBufferedBytesChange(self.outboundOffset - self.outbound.count)
        self.outbound = []
        self.outboundOffset = 0
        self.onClose(self)
    }

    static func now() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }
}
