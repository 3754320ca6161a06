import Testing

@testable import HTTPServer

@Suite struct TLSFailureLogLimiterTests {
    @Test func admitsUpToLimitPerWindow() {
        let limiter = TLSFailureLogLimiter(linesPerWindow: 2, window: 100)
        #expect(limiter.admit(now: 1_000) == 0)
        #expect(limiter.admit(now: 1_010) == 0)
        #expect(limiter.admit(now: 1_020) == nil)
        #expect(limiter.admit(now: 1_099) == nil)
    }

    @Test func nextWindowReportsSuppressedCount() {
        let limiter = TLSFailureLogLimiter(linesPerWindow: 1, window: 100)
        #expect(limiter.admit(now: 1_000) == 0)
        #expect(limiter.admit(now: 1_050) == nil)
        #expect(limiter.admit(now: 1_060) == nil)
        #expect(limiter.admit(now: 1_100) == 2)
        #expect(limiter.admit(now: 1_200) == 0)
    }
}
