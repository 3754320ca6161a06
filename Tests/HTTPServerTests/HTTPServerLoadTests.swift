import Foundation
import Glibc
import HTTPServer
import Testing

/// Returns a 64 KiB body for every request, so a client that stops reading fills the server's buffers fast.
private struct LargeBodyResponder: HTTPResponder {
    static let body = String(repeating: "x", count: 64 * 1024)

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        HTTPResponse(status: .ok, contentType: "text/plain", text: Self.body)
    }
}

/// Resource bounds of the server on loopback: many held connections, the connection limit, and a client
/// that never reads. Every test bounds its connection count and its run time.
@Suite(.serialized) struct HTTPServerLoadTests {
    @Test(.timeLimit(.minutes(1)))
    func thousandKeepAliveConnectionsHeld() async throws {
        // Both ends of every connection live in this process: 2,000 descriptors plus the test runner's own.
        try LoadClient.raiseOpenFileLimit(to: 4_096)
        try await withServer { server in
            let port = server.localPort
            let (statuses, clients) = try await RawClient.offPool { () throws -> ([Int], [LoadClient]) in
                let clients = try (0..<1_000).map { _ in try LoadClient(port: port) }
                var statuses = try clients.map { try $0.exchange("GET /first HTTP/1.1\r\nHost: x\r\n\r\n") }
                // Every connection stays open between requests and serves a second one.
                statuses += try clients.map { try $0.exchange("GET /second HTTP/1.1\r\nHost: x\r\n\r\n") }
                return (statuses, clients)
            }
            #expect(statuses.count == 2_000)
            #expect(statuses.allSatisfy { $0 == 200 })
            #expect(server.connectionCount == 1_000)
            for client in clients {
                client.close()
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func connectionsPastMaximumGet503AndClose() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.maxConnections = 50
        try await withServer(configuration) { server in
            let port = server.localPort
            let heldClients = try await RawClient.offPool { () throws -> [LoadClient] in
                let clients = try (0..<50).map { _ in try LoadClient(port: port) }
                for client in clients {
                    _ = try client.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                }
                return clients
            }
            #expect(server.connectionCount == 50)
            let rejected = try await RawClient.offPool { () throws -> [(Int, Bool)] in
                try (0..<20).map { _ in
                    let client = try LoadClient(port: port)
                    let status = try client.readStatus()
                    return (status, client.readsEndOfStream())
                }
            }
            #expect(rejected.allSatisfy { $0.0 == 503 })
            #expect(rejected.allSatisfy { $0.1 }, "a rejected connection was not closed by the server")
            #expect(server.connectionCount == 50)

            // Closing a held connection frees its place for a new one.
            heldClients[0].close()
            try await Self.waitUntil { server.connectionCount < 50 }
            let status = try await RawClient.offPool {
                try LoadClient(port: port).exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            #expect(status == 200)
            for client in heldClients {
                client.close()
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func clientThatNeverReadsIsBounded() async throws {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.maxBufferedResponseBytes = 256 * 1024
        configuration.idleTimeout = .seconds(2)
        let server = HTTPServer(configuration: configuration, responder: LargeBodyResponder(), logger: .disabled)
        try server.start()
        let port = server.localPort
        let residentBefore = try LoadClient.residentBytes()

        // 20,000 pipelined requests would be 1.3 GB of responses if the server kept producing them.
        let (sentRequests, client) = try await RawClient.offPool { () throws -> (Int, LoadClient) in
            let client = try LoadClient(port: port, receiveBufferBytes: 4_096)
            let sent = client.sendWithoutReading("GET /large HTTP/1.1\r\nHost: x\r\n\r\n", count: 20_000, seconds: 5)
            return (sent, client)
        }
        // Responses are produced after the requests arrive, so the peaks are sampled over the next two seconds.
        var peakBuffered = 0
        var peakGrowth = 0
        for _ in 0..<20 {
            peakBuffered = max(peakBuffered, server.bufferedResponseBytes)
            peakGrowth = max(peakGrowth, try LoadClient.residentBytes() - residentBefore)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(sentRequests > 100, "the client could not send enough requests to fill the server's buffers")
        // The server stops responding past the limit, so the queue exceeds it by one response at most.
        let oneResponse = LargeBodyResponder.body.utf8.count + 1_024
        #expect(peakBuffered > 0)
        #expect(peakBuffered <= configuration.maxBufferedResponseBytes + oneResponse)
        // Other suites run in this process at the same time, so the RSS bound is loose. Without the limits,
        // the growth passed 500 MB within the two seconds when measured.
        #expect(peakGrowth < 256 * 1024 * 1024, "resident memory grew by \(peakGrowth) bytes")

        // The server closes the connection once the peer has read nothing for the idle timeout.
        try await Self.waitUntil(seconds: 10) { server.connectionCount == 0 }
        #expect(server.connectionCount == 0)
        #expect(server.bufferedResponseBytes == 0)
        client.close()
        await server.shutdown(gracePeriod: .seconds(1))
    }

    /// Polls `condition` every 10 ms until it is true or `seconds` pass.
    static func waitUntil(seconds: Double = 5, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1_000))
        while !condition() && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// A blocking loopback client for load tests, driven from one thread: a thousand of them must not need a
/// thousand threads, unlike `RawClient`.
final class LoadClient: @unchecked Sendable {
    // @unchecked: each client is used by one thread at a time.
    struct ClientError: Error, CustomStringConvertible {
        let description: String
    }

    private var fd: Int32

    init(port: Int, receiveBufferBytes: Int32? = nil) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else {
            throw ClientError(description: "socket failed: errno \(errno)")
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if var size = receiveBufferBytes {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            let error = errno
            Glibc.close(fd)
            throw ClientError(description: "connect failed: errno \(error)")
        }
        self.fd = fd
    }

    deinit {
        self.close()
    }

    func close() {
        if self.fd >= 0 {
            Glibc.close(self.fd)
            self.fd = -1
        }
    }

    /// Sends `request` and returns the status of the response, reading its body by Content-Length.
    func exchange(_ request: String) throws -> Int {
        let bytes = Array(request.utf8)
        let written = bytes.withUnsafeBytes { Glibc.send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard written == bytes.count else {
            throw ClientError(description: "send failed: errno \(errno)")
        }
        return try self.readStatus()
    }

    /// Reads one response head and its Content-Length body, and returns the status code.
    func readStatus() throws -> Int {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            let text = String(decoding: received, as: UTF8.self)
            if let headEnd = text.range(of: "\r\n\r\n") {
                let head = text[..<headEnd.lowerBound].lowercased()
                let length =
                    head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                let bodyStart = text.utf8.distance(from: text.startIndex, to: headEnd.upperBound)
                if received.count - bodyStart >= length {
                    return Int(head.split(separator: " ")[1]) ?? 0
                }
            }
            let count = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                throw ClientError(description: "connection closed or timed out before a whole response")
            }
            received += chunk[..<count]
        }
    }

    /// Reports whether the server closed the connection: the next read returns end of stream, not a timeout.
    func readsEndOfStream() -> Bool {
        var byte: UInt8 = 0
        return recv(self.fd, &byte, 1, 0) == 0
    }

    /// Sends `request` up to `count` times without reading, for at most `seconds`, and returns how many were
    /// sent whole. Stops early when the socket accepts nothing for a second, because the server stopped reading.
    func sendWithoutReading(_ request: String, count: Int, seconds: Double) -> Int {
        let bytes = Array(request.utf8)
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(self.fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let deadline = Date().addingTimeInterval(seconds)
        var sent = 0
        while sent < count && Date() < deadline {
            let written = bytes.withUnsafeBytes {
                Glibc.send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written == bytes.count else {
                break
            }
            sent += 1
        }
        return sent
    }

    /// Raises the soft limit on open descriptors to `wanted`, or to the hard limit when that is lower.
    ///
    /// - Throws: when the hard limit is below `wanted`, naming both numbers.
    static func raiseOpenFileLimit(to wanted: rlim_t) throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        guard limit.rlim_max >= wanted else {
            throw ClientError(description: "RLIMIT_NOFILE hard limit is \(limit.rlim_max); the test needs \(wanted)")
        }
        if limit.rlim_cur < wanted {
            limit.rlim_cur = wanted
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }

    /// Returns this process's resident set size from `VmRSS` in /proc/self/status.
    static func residentBytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else {
            throw ClientError(description: "no VmRSS line in /proc/self/status")
        }
        return kilobytes * 1_024
    }
}
