import Testing

@testable import HTTPServer

@Suite struct ConnectionStateMachineTests {
    private static let policy = ConnectionPolicy(
        limits: HTTPParserLimits(),
        headerReadTimeout: 10,
        bodyReadTimeout: 20,
        idleTimeout: 100,
        maxPipelinedRequests: 2,
        maxBufferedResponseBytes: 1_000
    )

    private static func makeMachine() -> ConnectionStateMachine {
        ConnectionStateMachine(policy: policy, now: 0, makeRequestId: { "generated" })
    }

    private static func receive(_ text: String, into machine: inout ConnectionStateMachine, now: UInt64 = 1)
        -> [ConnectionStateMachine.Action]
    {
        Array(text.utf8).withUnsafeBytes { machine.bytesReceived($0, now: now) }
    }

    private static func dispatched(_ actions: [ConnectionStateMachine.Action]) -> [HTTPRequest] {
        actions.compactMap { if case .dispatch(let request) = $0 { request } else { nil } }
    }

    private static func written(_ actions: [ConnectionStateMachine.Action]) -> String {
        actions.compactMap { if case .write(let bytes) = $0 { String(decoding: bytes, as: UTF8.self) } else { nil } }
            .joined()
    }

    @Test func pipelinedRequestsAreDispatchedOneAtATime() {
        var machine = Self.makeMachine()
        let actions = Self.receive(
            "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n",
            into: &machine
        )
        #expect(Self.dispatched(actions).map(\.target) == ["/a"])
        let next = machine.responseReady(HTTPResponse(status: .ok), date: "d", now: 2)
        #expect(Self.written(next).hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(Self.dispatched(next).map(\.target) == ["/b"])
    }

    @Test func requestIdIsAcceptedWhenWellFormedElseGenerated() {
        var machine = Self.makeMachine()
        let actions = Self.receive(
            "GET /a HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nX-Request-Id: bad id!\r\n\r\n",
            into: &machine
        )
        #expect(Self.dispatched(actions).first?.requestId == "abc-123")
        let next = machine.responseReady(HTTPResponse(status: .ok), date: "d", now: 2)
        #expect(Self.written(next).contains("X-Request-Id: abc-123\r\n"))
        #expect(Self.dispatched(next).first?.requestId == "generated")
    }

    @Test func tooManyPipelinedRequestsPauseReading() {
        var machine = Self.makeMachine()
        let text = String(repeating: "GET / HTTP/1.1\r\nHost: x\r\n\r\n", count: 4)
        let actions = Self.receive(text, into: &machine)
        #expect(actions.contains(.pauseReading))
    }

    @Test func parseErrorIsAnsweredAfterEarlierResponsesAndCloses() {
        var machine = Self.makeMachine()
        let first = Self.receive("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost : x\r\n\r\n", into: &machine)
        #expect(Self.dispatched(first).count == 1)
        #expect(!first.contains(.closeAfterFlush))
        let next = machine.responseReady(HTTPResponse(status: .ok), date: "d", now: 2)
        let text = Self.written(next)
        #expect(text.contains("HTTP/1.1 200 OK"))
        #expect(text.contains("HTTP/1.1 400 Bad Request"))
        #expect(text.contains("Connection: close"))
        #expect(next.last == .closeAfterFlush)
        let rejections = next.filter { if case .logRejection = $0 { true } else { false } }
        #expect(rejections.count == 1)
    }

    @Test func connectionCloseRequestClosesAfterResponse() {
        var machine = Self.makeMachine()
        _ = Self.receive("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", into: &machine)
        let actions = machine.responseReady(HTTPResponse(status: .ok), date: "d", now: 2)
        #expect(Self.written(actions).contains("Connection: close\r\n"))
        #expect(actions.last == .closeAfterFlush)
    }

    @Test func continueIsSentOnlyWhenNothingIsOwedBeforeIt() {
        var machine = Self.makeMachine()
        let head = "POST /u HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"
        let actions = Self.receive(head, into: &machine)
        #expect(Self.written(actions) == "HTTP/1.1 100 Continue\r\n\r\n")

        var busy = Self.makeMachine()
        _ = Self.receive("GET /a HTTP/1.1\r\nHost: x\r\n\r\n" + head, into: &busy)
        let afterFirst = busy.responseReady(HTTPResponse(status: .ok), date: "d", now: 2)
        let text = Self.written(afterFirst)
        #expect(text.hasPrefix("HTTP/1.1 200 OK"))
        #expect(text.hasSuffix("HTTP/1.1 100 Continue\r\n\r\n"))
    }

    @Test func headResponseKeepsLengthWithoutBody() {
        var machine = Self.makeMachine()
        _ = Self.receive("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", into: &machine)
        let actions = machine.responseReady(
            HTTPResponse(status: .ok, contentType: "text/plain", text: "hello"),
            date: "d",
            now: 2
        )
        let text = Self.written(actions)
        #expect(text.contains("Content-Length: 5\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test func stalledHeadGets408ThenClose() {
        var machine = Self.makeMachine()
        _ = Self.receive("GET / HTTP/1.1\r\nHo", into: &machine, now: 5)
        #expect(machine.deadline == 15)
        #expect(machine.timerFired(now: 14, date: "d").isEmpty)
        let actions = machine.timerFired(now: 15, date: "d")
        #expect(Self.written(actions).hasPrefix("HTTP/1.1 408 Request Timeout"))
        #expect(actions.last == .closeAfterFlush)
    }

    @Test func stalledBodyUsesBodyTimeout() {
        var machine = Self.makeMachine()
        _ = Self.receive("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc", into: &machine, now: 5)
        #expect(machine.deadline == 25)
    }

    @Test func lineBreaksDoNotKeepAnIdleConnectionOpen() {
        var machine = Self.makeMachine()
        _ = Self.receive("\r\n", into: &machine, now: 50)
        #expect(machine.deadline == 100)
    }

    @Test func strayLineBreakDoesNotStartTheRequestClock() {
        var machine = Self.makeMachine()
        _ = Self.receive("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na\r\n", into: &machine, now: 1)
        _ = machine.responseReady(HTTPResponse(status: .ok), date: "d", now: 2)
        _ = machine.writeProgressed(remaining: 0, now: 2)
        // The next request starts arriving long after the stray CRLF; its head timeout counts from then.
        _ = Self.receive("GET / HT", into: &machine, now: 80)
        #expect(machine.deadline == 90)
    }

    @Test func idleConnectionClosesSilently() {
        var machine = Self.makeMachine()
        #expect(machine.deadline == 100)
        let actions = machine.timerFired(now: 100, date: "d")
        #expect(actions == [.closeAfterFlush])
    }

    @Test func noTimeoutWhileTheResponderWorks() {
        var machine = Self.makeMachine()
        _ = Self.receive("GET / HTTP/1.1\r\nHost: x\r\n\r\n", into: &machine)
        #expect(machine.deadline == nil)
    }

    @Test func unreadResponsesStopDispatchAndCloseAtIdleTimeout() {
        var machine = Self.makeMachine()
        _ = Self.receive("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n", into: &machine)
        let big = HTTPResponse(status: .ok, body: [UInt8](repeating: 65, count: 2_000))
        let actions = machine.responseReady(big, date: "d", now: 2)
        #expect(Self.dispatched(actions).isEmpty)
        #expect(machine.deadline == 102)
        #expect(machine.timerFired(now: 102, date: "d") == [.closeNow])
    }

    @Test func shutdownFinishesInFlightThenCloses() {
        var machine = Self.makeMachine()
        _ = Self.receive("GET / HTTP/1.1\r\nHost: x\r\n\r\n", into: &machine)
        #expect(machine.shutdownRequested().isEmpty)
        let actions = machine.responseReady(HTTPResponse(status: .ok), date: "d", now: 2)
        #expect(Self.written(actions).contains("Connection: close"))
        #expect(actions.last == .closeAfterFlush)
    }

    @Test func peerCloseWithNothingPendingCloses() {
        var machine = Self.makeMachine()
        #expect(machine.peerClosed() == [.closeAfterFlush])
    }
}
