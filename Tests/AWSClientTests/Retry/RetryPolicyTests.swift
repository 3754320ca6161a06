import Testing

@testable import AWSClient

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy()

    static func service(_ code: String, status: Int) -> AWSError {
        AWSError(kind: .service, code: code, message: "", statusCode: status)
    }

    @Test(arguments: ["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"])
    func throttlingCodes(_ code: String) {
        #expect(self.policy.classify(Self.service(code, status: 400)) == .throttling)
    }

    @Test func status429IsThrottling() {
        #expect(self.policy.classify(Self.service("Anything", status: 429)) == .throttling)
    }

    @Test(arguments: [500, 502, 503, 504])
    func transientStatuses(_ status: Int) {
        #expect(self.policy.classify(Self.service(String(status), status: status)) == .transient)
    }

    @Test func transportAndTimeout() {
        #expect(self.policy.classify(.transport("reset")) == .transient)
        #expect(self.policy.classify(.timeout("slow")) == .timeout)
    }

    @Test(arguments: ["RepositoryNotFoundException", "SignatureDoesNotMatch", "ValidationException"])
    func clientErrorsAreNotRetried(_ code: String) {
        #expect(self.policy.classify(Self.service(code, status: 400)) == nil)
    }

    @Test func status501IsNotRetried() {
        #expect(self.policy.classify(Self.service("501", status: 501)) == nil)
    }

    @Test func credentialErrorsAreNotRetried() {
        #expect(self.policy.classify(.credentials("none")) == nil)
        #expect(self.policy.classify(.configuration("no region")) == nil)
    }

    @Test func transientBackoffDoublesFrom50Milliseconds() {
        let delays = (1...4).map {
            self.policy.delay(afterAttempt: $0, errorClass: .transient, retryAfterMilliseconds: nil, randomUnit: 1)
        }
        #expect(delays == [.milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(400)])
    }

    @Test func throttlingBackoffStartsAtOneSecondAndCapsAt20() {
        let delays = [1, 2, 5, 6, 40].map {
            self.policy.delay(afterAttempt: $0, errorClass: .throttling, retryAfterMilliseconds: nil, randomUnit: 1)
        }
        #expect(delays == [.seconds(1), .seconds(2), .seconds(16), .seconds(20), .seconds(20)])
    }

    @Test func jitterScalesTheCeiling() {
        let delay = self.policy.delay(
            afterAttempt: 3,
            errorClass: .throttling,
            retryAfterMilliseconds: nil,
            randomUnit: 0.25
        )
        #expect(delay == .seconds(1))
        let none = self.policy.delay(
            afterAttempt: 3,
            errorClass: .transient,
            retryAfterMilliseconds: nil,
            randomUnit: 0
        )
        #expect(none == .zero)
    }

    @Test func retryAfterHeaderReplacesBackoff() {
        let delay = self.policy.delay(
            afterAttempt: 1,
            errorClass: .throttling,
            retryAfterMilliseconds: 2500,
            randomUnit: 0.1
        )
        #expect(delay == .milliseconds(2500))
        let capped = self.policy.delay(
            afterAttempt: 1,
            errorClass: .transient,
            retryAfterMilliseconds: 90_000,
            randomUnit: 0.1
        )
        #expect(capped == .seconds(20))
    }

    @Test func maxAttemptsAtLeastOne() {
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }
}

@Suite struct RetryTokenBucketTests {
    @Test func retriesDrainAndSuccessRefills() {
        let bucket = RetryTokenBucket()
        #expect(bucket.available == 500)
        #expect(bucket.acquire(for: .transient) == 5)
        #expect(bucket.acquire(for: .timeout) == 10)
        #expect(bucket.available == 485)
        bucket.releaseAfterSuccess(retryCost: 10)
        #expect(bucket.available == 495)
        bucket.releaseAfterSuccess(retryCost: nil)
        #expect(bucket.available == 496)
    }

    @Test func emptyBucketRefusesRetry() {
        let bucket = RetryTokenBucket()
        for _ in 0..<100 {
            _ = bucket.acquire(for: .throttling)
        }
        #expect(bucket.available == 0)
        #expect(bucket.acquire(for: .throttling) == nil)
    }

    @Test func neverExceedsCapacity() {
        let bucket = RetryTokenBucket()
        bucket.releaseAfterSuccess(retryCost: 50)
        #expect(bucket.available == 500)
    }
}
