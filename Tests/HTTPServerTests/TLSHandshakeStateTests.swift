import Testing

@testable import HTTPServer

/// Timeouts of a connection whose TLS handshake has not finished, without a socket.
@Suite struct TLSHandshakeStateTests {
    private static func policy(headerTimeout: UInt64, idleTimeout: UInt64) -> ConnectionPolicy {
        ConnectionPolicy(
            limits: HTTPParserLimits(),
            headerReadTimeout: headerTimeout,
            bodyReadTimeout: 20,
            idleTimeout: idleTimeout,
            maxPipelinedRequests: 2,
            maxBufferedResponseBytes: 1_000
        )
    }

    @Test func handshakeDeadlineIsHeaderTimeout() {
        let machine = ConnectionStateMachine(
            policy: Self.policy(headerTimeout: 10, idleTimeout: 100),
            now: 5,
            awaitingHandshake: true
        )
        #expect(machine.isHandshaking)
        #expect(machine.deadline == 15)
    }

    @Test func shorterIdleTimeoutBoundsHandshake() {
        let machine = ConnectionStateMachine(
            policy: Self.policy(headerTimeout: 10, idleTimeout: 4),
            now: 5,
            awaitingHandshake: true
        )
        #expect(machine.deadline == 9)
    }

    @Test func expiredHandshakeClosesWithoutResponse() {
        var machine = ConnectionStateMachine(
            policy: Self.policy(headerTimeout: 10, idleTimeout: 100),
            now: 0,
            awaitingHandshake: true
        )
        #expect(machine.timerFired(now: 9, date: "d").isEmpty)
        #expect(machine.timerFired(now: 10, date: "d") == [.closeNow])
        #expect(machine.isClosed)
    }

    @Test func completedHandshakeStartsIdleClock() {
        var machine = ConnectionStateMachine(
            policy: Self.policy(headerTimeout: 10, idleTimeout: 100),
            now: 0,
            awaitingHandshake: true
        )
        machine.handshakeCompleted(now: 8)
        #expect(!machine.isHandshaking)
        #expect(machine.deadline == 108)
        #expect(machine.timerFired(now: 20, date: "d").isEmpty)
    }

    @Test func plainConnectionHasNoHandshake() {
        let machine = ConnectionStateMachine(policy: Self.policy(headerTimeout: 10, idleTimeout: 100), now: 0)
        #expect(!machine.isHandshaking)
        #expect(machine.deadline == 100)
    }

    @Test func shutdownDuringHandshakeCloses() {
        var machine = ConnectionStateMachine(
            policy: Self.policy(headerTimeout: 10, idleTimeout: 100),
            now: 0,
            awaitingHandshake: true
        )
        #expect(machine.shutdownRequested() == [.closeAfterFlush])
    }
}
