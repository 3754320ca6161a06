/// Retry decisions and backoff of the SDKs' standard retry mode.
///
/// Throttling errors (the SDKs' list of throttling codes and HTTP 429), transient errors (HTTP 500, 502,
/// 503, 504 and the transient codes), connection failures and timeouts are retried until `maxAttempts`
/// attempts were made. The delay before attempt n+1 is random(0,1) × min(base × 2^(n-1), 20 s), with base
/// 1 s for throttling and 50 ms otherwise. A valid `x-amz-retry-after` replaces it, capped at 20 s.
public struct RetryPolicy: Sendable, Equatable {
    /// The reason an error may be retried. Throttling waits longer and costs the same tokens as other retries.
    public enum ErrorClass: Sendable, Equatable {
        case throttling
        case transient
        case timeout
    }

    public var maxAttempts: Int
    public var transientBaseDelay: Duration
    public var throttlingBaseDelay: Duration
    public var maxBackoff: Duration

    public init(
        maxAttempts: Int = 3,
        transientBaseDelay: Duration = .milliseconds(50),
        throttlingBaseDelay: Duration = .seconds(1),
        maxBackoff: Duration = .seconds(20)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.transientBaseDelay = transientBaseDelay
        self.throttlingBaseDelay = throttlingBaseDelay
        self.maxBackoff = maxBackoff
    }

    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
        "IDPCommunicationError",
    ]

    static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// Returns why `error` may be retried, or nil when it must surface at once.
    public func classify(_ error: AWSError) -> ErrorClass? {
        switch error.kind {
        case .timeout:
            return .timeout
        case .transport:
            return .transient
        case .credentials, .configuration, .invalidResponse:
            return nil
        case .service:
            if Self.throttlingCodes.contains(error.code) || error.statusCode == 429 {
                return .throttling
            }
            if Self.transientCodes.contains(error.code) {
                return .transient
            }
            if let status = error.statusCode, Self.transientStatuses.contains(status) {
                return .transient
            }
            return nil
        }
    }

    /// Returns the wait before the attempt after `attempt` (1-based) failed with an error of `errorClass`.
    /// `randomUnit` is a value in [0, 1).
    public func delay(
        afterAttempt attempt: Int,
        errorClass: ErrorClass,
        retryAfterMilliseconds: Int?,
        randomUnit: Double
    ) -> Duration {
        if let retryAfter = retryAfterMilliseconds, retryAfter >= 0 {
            return min(.milliseconds(retryAfter), self.maxBackoff)
        }
        let base = errorClass == .throttling ? self.throttlingBaseDelay : self.transientBaseDelay
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(base * (1 << exponent), self.maxBackoff)
        return ceiling * min(max(randomUnit, 0), 1)
    }
}
