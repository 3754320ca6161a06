import Dispatch
import Foundation
import Glibc

/// A blocking TCP client for tests that need exact bytes on the wire. Every blocking call runs on a
/// thread of its own, never on the Swift concurrency pool or Dispatch's global queues, which the server
/// itself runs on, so hundreds of waiting clients cannot starve it.
final class RawClient: @unchecked Sendable {
    // @unchecked: one test drives one client at a time.
    struct Response {
        var statusLine: String
        var headers: [String: String]
        var body: String

        var status: Int { Int(self.statusLine.split(separator: " ")[1]) ?? 0 }
    }

    struct ClientError: Error, CustomStringConvertible {
        let description: String
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, receiveTimeout: Double = 5) throws {
        // The descriptor is stored only once connected: a throwing initializer of a class still runs
        // deinit, and closing a descriptor twice could close a number another thread reused meanwhile
        // (a database file of a parallel test).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(
            tv_sec: Int(receiveTimeout),
            tv_usec: Int((receiveTimeout.truncatingRemainder(dividingBy: 1)) * 1_000_000)
        )
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
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
        Glibc.close(self.fd)
    }

    func send(_ text: String) async {
        await Self.offPool {
            let bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes {
                    Glibc.send(self.fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
                }
                if written <= 0 {
                    return
                }
                offset += written
            }
        }
    }

    /// Reads one response framed by Content-Length; interim 1xx responses are returned like any other.
    /// Pass `toHead: true` for a response to HEAD, whose Content-Length describes a body that is not sent.
    func readResponse(toHead: Bool = false) async throws -> Response {
        try await Self.offPool { try self.readResponseBlocking(toHead: toHead) }
    }

    /// Reads until the server closes the connection; returns what arrived (after any buffered bytes).
    func readUntilClose() async -> String {
        await Self.offPool {
            while self.fill() {}
            let text = String(decoding: self.buffer, as: UTF8.self)
            self.buffer = []
            return text
        }
    }

    /// Reports whether the server closed the connection (EOF) with nothing more to read.
    func isClosedByServer() async -> Bool {
        await Self.offPool {
            self.buffer.isEmpty && !self.fill()
        }
    }

    func shutdownWriting() {
        Glibc.shutdown(self.fd, Int32(SHUT_WR))
    }

    private func readResponseBlocking(toHead: Bool) throws -> Response {
        var headEnd: Int?
        while headEnd == nil {
            headEnd = self.findHeadEnd()
            if headEnd == nil && !self.fill() {
                throw ClientError(
                    description:
                        "connection closed before a response head; got \(String(decoding: self.buffer, as: UTF8.self))"
                )
            }
        }
        let head = String(decoding: self.buffer[..<headEnd!], as: UTF8.self)
        self.buffer.removeFirst(headEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        var headers: [String: String] = [:]
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 1)
            headers[parts[0].lowercased()] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        }
        let length = toHead ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        while self.buffer.count < length {
            guard self.fill() else {
                throw ClientError(description: "connection closed inside a body")
            }
        }
        let body = String(decoding: self.buffer[..<length], as: UTF8.self)
        self.buffer.removeFirst(length)
        return Response(statusLine: statusLine, headers: headers, body: body)
    }

    private func findHeadEnd() -> Int? {
        guard self.buffer.count >= 4 else {
            return nil
        }
        for index in 0...(self.buffer.count - 4)
        where self.buffer[index] == 13 && self.buffer[index + 1] == 10 && self.buffer[index + 2] == 13
            && self.buffer[index + 3] == 10
        {
            return index
        }
        return nil
    }

    /// Reads once; returns false on EOF, error or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else {
            return false
        }
        self.buffer.append(contentsOf: chunk[..<count])
        return true
    }

    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    static func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }
}
