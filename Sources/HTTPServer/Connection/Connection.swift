import Dispatch
import Glibc
import Observability

/// One accepted socket, driven by Dispatch sources on its own serial queue.
///
/// `@unchecked Sendable`: every mutable property is read and written only on `queue`; the responder
/// runs in a Task and hops back onto `queue` with its response.
final class Connection: @unchecked Sendable {
    let fd: Int32
    let queue: DispatchQueue
    private var machine: ConnectionStateMachine
    private let responder: any HTTPResponder
    private let logger: Logger
    private let onClose: @Sendable (Connection) -> Void

    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var timer: (any DispatchSourceTimer)?
    private var readSuspended = false
    private var writeResumed = false
    private var timerFireTime: UInt64 = .max

    private var outbound: [UInt8] = []
    private var outboundOffset = 0
    private var closeWhenFlushed = false
    private var closed = false
    private var openSources = 0

    init(
        fd: Int32,
        loop: DispatchQueue,
        policy: ConnectionPolicy,
        responder: any HTTPResponder,
        logger: Logger,
        onClose: @escaping @Sendable (Connection) -> Void
    ) {
        self.fd = fd
        self.queue = DispatchQueue(label: "http.connection", target: loop)
        self.machine = ConnectionStateMachine(policy: policy, now: DispatchTime.now().uptimeNanoseconds)
        self.responder = responder
        self.logger = logger
        self.onClose = onClose
    }

    /// Starts reading; call once after the server registered the connection.
    func start() {
        self.queue.async {
            let read = DispatchSource.makeReadSource(fileDescriptor: self.fd, queue: self.queue)
            read.setEventHandler { [unowned self] in self.readAvailableBytes() }
            read.setCancelHandler { [self] in self.sourceCancelled() }
            let write = DispatchSource.makeWriteSource(fileDescriptor: self.fd, queue: self.queue)
            write.setEventHandler { [unowned self] in self.flush() }
            write.setCancelHandler { [self] in self.sourceCancelled() }
            let timer = DispatchSource.makeTimerSource(queue: self.queue)
            timer.setEventHandler { [unowned self] in self.timerFired() }
            timer.setCancelHandler { [self] in self.sourceCancelled() }
            self.readSource = read
            self.writeSource = write
            self.timer = timer
            self.openSources = 3
            read.resume()
            timer.resume()
            self.rescheduleTimer()
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

    private func readAvailableBytes() {
        withUnsafeTemporaryAllocation(byteCount: 64 * 1024, alignment: 16) { buffer in
            // Read at most a few times per event so one busy connection cannot starve the others.
            for _ in 0..<4 where !self.closed && !self.readSuspended {
                let count = Glibc.read(self.fd, buffer.baseAddress, buffer.count)
                if count > 0 {
                    let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                    self.perform(self.machine.bytesReceived(bytes, now: Self.now()))
                    if count < buffer.count {
                        return
                    }
                } else if count == 0 {
                    self.stopReading()
                    self.perform(self.machine.peerClosed())
                    return
                } else {
                    if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                        return
                    }
                    self.logger.debug("Connection read failed.", metadata: ["error.errno": "\(errno)"])
                    self.close()
                    return
                }
            }
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
            case .closeAfterFlush:
                self.closeWhenFlushed = true
                self.stopReading()
            case .closeNow:
                self.close()
            case .pauseReading:
                self.suspendReading()
            case .resumeReading:
                self.resumeReading()
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
        // never suspends (health checks, cached reads) answers without two thread switches.
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
        self.setWriteInterest(remaining > 0)
        if remaining == 0 && self.closeWhenFlushed {
            self.close()
            return
        }
        let actions = self.machine.writeProgressed(remaining: remaining, now: Self.now())
        if !actions.isEmpty {
            self.perform(actions)
        }
    }

    private func setWriteInterest(_ wanted: Bool) {
        guard let writeSource, wanted != self.writeResumed else {
            return
        }
        self.writeResumed = wanted
        if wanted {
            writeSource.resume()
        } else {
            writeSource.suspend()
        }
    }

    private func suspendReading() {
        guard let readSource, !self.readSuspended else {
            return
        }
        self.readSuspended = true
        readSource.suspend()
    }

    private func resumeReading() {
        guard let readSource, self.readSuspended, !self.closeWhenFlushed else {
            return
        }
        self.readSuspended = false
        readSource.resume()
    }

    private func stopReading() {
        self.suspendReading()
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

    /// Moves the timer earlier when the deadline moved earlier; a later deadline is checked when the
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
        // A suspended source never runs its cancel handler, so resume before cancelling.
        if self.readSuspended {
            self.readSuspended = false
            self.readSource?.resume()
        }
        if !self.writeResumed {
            self.writeResumed = true
            self.writeSource?.resume()
        }
        self.readSource?.cancel()
        self.writeSource?.cancel()
        self.timer?.cancel()
        if self.openSources == 0 {
            self.releaseDescriptor()
        }
    }

    private func sourceCancelled() {
        self.openSources -= 1
        if self.openSources == 0 {
            self.releaseDescriptor()
        }
    }

    private func releaseDescriptor() {
        Glibc.close(self.fd)
        self.readSource = nil
        self.writeSource = nil
        self.timer = nil
        self.outbound = []
        self.onClose(self)
    }

    static func now() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }
}
