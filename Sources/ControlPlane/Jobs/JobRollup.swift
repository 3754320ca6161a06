/// The state of a job derived from the statuses of its destinations.
public enum JobRollup {
    /// Returns the final state the job reaches, or nil while it must keep checking.
    ///
    /// Every destination verified is success. Once the deadline has passed, or no destination is pending
    /// any more, any destination that is not verified makes the job fail.
    public static func finalState(
        statuses: [VerificationResult.Status],
        deadlinePassed: Bool
    ) -> ReplicationJob.State? {
        if statuses.allSatisfy({ $0 == .verified }) {
            return .succeeded
        }
        if deadlinePassed || !statuses.contains(.pending) {
            return .failed
        }
        return nil
    }

    /// Returns the delay before check number `checks + 1`: `initial` doubled per check made, at most `maximum`.
    public static func backoff(checks: Int, initial: Double, maximum: Double) -> Double {
        let exponent = Double(min(max(checks - 1, 0), 30))
        return min(initial * pow2(exponent), maximum)
    }

    private static func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) {
            value *= 2
        }
        return value
    }
}
