import HTTPServer
import Observability
import Synchronization

/// Holds requests to `/gate` until the test opens it, so a test controls exactly when a request that is
/// in flight finishes, whatever the load on the machine.
final class RequestGate: Sendable {
    private struct State {
        var entered = 0
        var isOpen = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Requests that reached the gate so far.
    var enteredCount: Int { self.state.withLock { $0.entered } }

    func pass() async {
        await withCheckedContinuation { continuation in
            let resumeNow = self.state.withLock { state -> Bool in
                state.entered += 1
                if state.isOpen {
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow {
                continuation.resume()
            }
        }
    }

    func open() {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters {
            waiter.resume()
        }
    }

    /// Waits until `count` requests reached the gate, polling every 5 ms for at most 10 s.
    func waitForEntries(_ count: Int) async throws {
        for _ in 0..<2_000 where self.enteredCount < count {
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// Echoes requests back; `/slow` responds after 300 ms and `/gate` when its gate opens, so tests can
/// catch a request in flight.
struct EchoResponder: HTTPResponder {
    var gate = RequestGate()

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        if request.path == "/slow" {
            try? await Task.sleep(for: .milliseconds(300))
        }
        if request.path == "/gate" {
            await self.gate.pass()
        }
        let text = "\(request.method) \(request.target) \(String(decoding: request.body, as: UTF8.self))"
        return HTTPResponse(status: .ok, contentType: "text/plain", text: text)
    }
}

/// Starts a server on a free loopback port and stops it when `body` returns.
func withServer(
    _ configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
    _ body: (HTTPServer) async throws -> Void
) async throws {
    var configuration = configuration
    configuration.host = "127.0.0.1"
    configuration.port = 0
    let server = HTTPServer(configuration: configuration, responder: EchoResponder(), logger: .disabled)
    try server.start()
    do {
        try await body(server)
    } catch {
        await server.shutdown(gracePeriod: .seconds(1))
        throw error
    }
    await server.shutdown(gracePeriod: .seconds(1))
}
