import CLinux
import Dispatch
import Glibc

/// A serial queue with an epoll set of sockets. One Dispatch read source watches the epoll descriptor, so
/// a burst of ready sockets costs one Dispatch event instead of one per socket. The handler drains the
/// set with a zero-timeout `epoll_wait` and calls each socket's owner on this queue.
///
/// `@unchecked Sendable`: `handlers` and `events` are touched only on `queue`; the epoll descriptor and
/// the source are set once in `init`.
final class EventLoop: @unchecked Sendable {
    /// The owner of a registered socket, called when epoll reports the socket ready.
    protocol Handler: AnyObject {
        func socketReadable()
        func socketWritable()
    }

    let queue: DispatchQueue
    private let epollFD: Int32
    private let source: any DispatchSourceRead
    private var handlers: [Int32: any Handler] = [:]
    private var events = [epoll_event](repeating: epoll_event(), count: 256)

    init(label: String) {
        self.queue = DispatchQueue(label: label)
        self.epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(self.epollFD >= 0, "epoll_create1 failed: errno \(errno)")
        self.source = DispatchSource.makeReadSource(fileDescriptor: self.epollFD, queue: self.queue)
        self.source.setEventHandler { [weak self] in self?.drain() }
        // Dispatch stops watching the descriptor only by the time the cancel handler runs; closing it
        // earlier could let Dispatch act on a reused descriptor number.
        let epollFD = self.epollFD
        self.source.setCancelHandler { close(epollFD) }
        self.source.resume()
    }

    deinit {
        self.source.cancel()
    }

    /// Watches `fd` for reads and writes, edge-triggered: the owner must read and write until EAGAIN.
    /// Call on `queue`.
    func register(_ fd: Int32, handler: any Handler) -> Bool {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        event.data.fd = fd
        guard epoll_ctl(self.epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
            return false
        }
        self.handlers[fd] = handler
        return true
    }

    /// Stops watching `fd`; call on `queue` before closing it.
    func deregister(_ fd: Int32) {
        _ = epoll_ctl(self.epollFD, EPOLL_CTL_DEL, fd, nil)
        self.handlers[fd] = nil
    }

    /// Handles ready sockets until a zero-timeout wait finds none. Sockets that became ready while
    /// earlier ones were handled are served in the same turn instead of after another Dispatch wake-up.
    private func drain() {
        while true {
            let count = self.events.withUnsafeMutableBufferPointer { buffer in
                epoll_wait(self.epollFD, buffer.baseAddress, Int32(buffer.count), 0)
            }
            guard count > 0 else {
                return
            }
            for index in 0..<Int(count) {
                let event = self.events[index]
                guard let handler = self.handlers[event.data.fd] else {
                    continue
                }
                let flags = event.events
                if flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
                    handler.socketReadable()
                }
                if flags & EPOLLOUT.rawValue != 0, self.handlers[event.data.fd] != nil {
                    handler.socketWritable()
                }
            }
        }
    }
}
