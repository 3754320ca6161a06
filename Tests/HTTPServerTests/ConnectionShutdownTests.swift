import Dispatch
import Glibc
import Observability
import Synchronization
import Testing

@testable import HTTPServer

/// A flag set when the connection reports that it closed.
private final class CloseRecorder: Sendable {
    private let closed = Atomic<Bool>(false)

    var wasClosed: Bool { self.closed.load(ordering: .relaxed) }

    func record() {
        self.closed.store(true, ordering: .relaxed)
    }
}

/// Shutdown of one connection whose request is in the kernel's buffer but not yet reported by epoll.
///
/// The connection is never registered with its loop, so no readable event can arrive: this is the moment
/// between a client's write and the loop's notice of it, held open. A Unix socket pair replaces TCP here.
@Suite struct ConnectionShutdownTests {
    @Test func shutdownServesRequestAlreadyReceived() async throws {
        var sockets: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &sockets) == 0)
        let (serverSide, clientSide) = (sockets[0], sockets[1])
        defer { Glibc.close(clientSide) }
        _ = fcntl(serverSide, F_SETFL, fcntl(serverSide, F_GETFL) | O_NONBLOCK)

        let closed = CloseRecorder()
        let connection = Connection(
            fd: serverSide,
            loop: EventLoop(label: "test.shutdown"),
            policy: HTTPServerConfiguration().connectionPolicy,
            responder: EchoResponder(),
            logger: .disabled,
            onClose: { _ in closed.record() }
        )
        let request = Array("POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}".utf8)
        #expect(write(clientSide, request, request.count) == request.count)

        connection.beginShutdown()
        let reply = try Self.readUntilClosed(clientSide)

        #expect(reply.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(reply.lowercased().contains("\r\nconnection: close\r\n"))
        #expect(reply.hasSuffix("POST /jobs {}"))
        #expect(closed.wasClosed)
    }

    /// Reads until the peer closes, for at most five seconds.
    private static func readUntilClosed(_ fd: Int32) throws -> String {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 {
                try #require(count == 0, "read failed or timed out, errno \(errno)")
                return String(decoding: bytes, as: UTF8.self)
            }
            bytes += buffer[0..<count]
        }
    }
}
