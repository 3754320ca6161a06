import Foundation
import Observability

extension AWSCallExecutor {
    /// Logs the finished call at debug and updates the call, error and latency metrics.
    func record(_ call: AWSCall, attempts: Int, started: ContinuousClock.Instant, requestId: String?, error: AWSError?)
    {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let labels = ["service": call.service.serviceId, "operation": call.operation]
        var metadata: Logger.Metadata = [
            "aws.service": call.service.serviceId,
            "aws.operation": call.operation,
            "aws.region": call.region,
            "aws.attempts": String(attempts),
            "aws.duration_ms": String(format: "%.1f", seconds * 1000),
        ]
        if let requestId {
            metadata["aws.request_id"] = requestId
        }
        if let error {
            metadata["aws.error_code"] = error.code
            if let status = error.statusCode {
                metadata["aws.status"] = String(status)
            }
            self.logger.debug("AWS call failed.", metadata: metadata)
        } else {
            self.logger.debug("AWS call succeeded.", metadata: metadata)
        }
        guard let metrics = self.metrics else {
            return
        }
        metrics.increment("aws_calls_total", help: "AWS API calls, retries not counted.", labels: labels)
        metrics.observe(
            "aws_call_duration_seconds",
            help: "Duration of AWS API calls including retries, in seconds.",
            labels: labels,
            value: seconds
        )
        if let error {
            var errorLabels = labels
            errorLabels["code"] = error.code
            metrics.increment(
                "aws_errors_total",
                help: "AWS API calls that failed, by error code.",
                labels: errorLabels
            )
        }
    }

    /// Logs a retry at trace and counts it.
    func recordRetry(_ call: AWSCall, attempt: Int, error: AWSError, delay: Duration) {
        let delayMilliseconds = Double(delay.components.seconds) * 1000 + Double(delay.components.attoseconds) / 1e15
        self.logger.trace(
            "Retrying AWS call.",
            metadata: [
                "aws.service": call.service.serviceId,
                "aws.operation": call.operation,
                "aws.region": call.region,
                "aws.attempt": String(attempt),
                "aws.error_code": error.code,
                "aws.retry_delay_ms": String(format: "%.1f", delayMilliseconds),
            ]
        )
        self.metrics?.increment(
            "aws_retries_total",
            help: "AWS API call attempts that were retried.",
            labels: ["service": call.service.serviceId, "operation": call.operation]
        )
    }
}
