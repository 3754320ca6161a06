import Synchronization

/// The standard retry mode's token bucket: each retry takes tokens and each success puts some back, so
/// when most calls to one service in one region fail, retries stop instead of multiplying the load.
///
/// Defaults follow the SDKs: 500 tokens, 5 per retry, 10 per retry after a timeout, a retry's cost returned
/// when the call then succeeds, and 1 token returned for a call that succeeded at once.
public final class RetryTokenBucket: Sendable {
    public struct Costs: Sendable, Equatable {
        public var capacity: Int = 500
        public var retryCost: Int = 5
        public var timeoutRetryCost: Int = 10
        public var successIncrement: Int = 1

        public init() {}
    }

    private let costs: Costs
    private let tokens: Mutex<Int>

    public init(costs: Costs = Costs()) {
        self.costs = costs
        self.tokens = Mutex(costs.capacity)
    }

    /// The tokens left.
    public var available: Int {
        self.tokens.withLock { $0 }
    }

    /// Takes the cost of one retry after an error of `errorClass`; returns the cost taken, or nil when the
    /// bucket contains too few tokens and the call must not retry.
    public func acquire(for errorClass: RetryPolicy.ErrorClass) -> Int? {
        let cost = errorClass == .timeout ? self.costs.timeoutRetryCost : self.costs.retryCost
        return self.tokens.withLock { tokens in
            guard tokens >= cost else {
                return nil
            }
            tokens -= cost
            return cost
        }
    }

    /// Returns tokens after a successful call: the cost of the retry that led to it, or the success increment
    /// when it succeeded at the first attempt.
    public func releaseAfterSuccess(retryCost: Int?) {
        let amount = retryCost ?? self.costs.successIncrement
        self.tokens.withLock { tokens in
            tokens = min(self.costs.capacity, tokens + amount)
        }
    }
}
