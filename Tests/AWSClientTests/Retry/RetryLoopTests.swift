import Foundation
import Observability
import Testing

@testable import AWSClient

/// The client's retry loop with a scripted transport, a recording sleep and a fixed random source.
@Suite struct RetryLoopTests {
    static let unavailable = HTTPResponse.json(503, #"{"__type":"ServiceUnavailableException","message":"busy"}"#)
    static let throttled = HTTPResponse.json(400, #"{"__type":"ThrottlingException","message":"slow down"}"#)
    static let ok = HTTPResponse.json(200, #"{"registryId":"123456789012"}"#)

    func client(
        _ transport: ScriptedTransport,
        sleeper: RecordingSleeper,
        metrics: MetricsRegistry? = nil,
        extra: [String: String] = [:]
    ) -> AWSClient {
        AWSClient(
            configuration: TestSupport.configuration(endpoint: "http://127.0.0.1:4566", extra: extra),
            metrics: metrics,
            transport: transport,
            environment: sleeper.environment(randomUnit: 0.5)
        )
    }

    @Test func transientErrorsRetryThenSucceed() async throws {
        let transport = ScriptedTransport([.respond(Self.unavailable), .respond(Self.unavailable), .respond(Self.ok)])
        let sleeper = RecordingSleeper()
        let metrics = MetricsRegistry()
        let registry = try await self.client(transport, sleeper: sleeper, metrics: metrics).ecr().describeRegistry()
        #expect(registry.registryId == "123456789012")
        #expect(transport.requests.count == 3)
        #expect(sleeper.recorded == [.milliseconds(25), .milliseconds(50)])
        let labels = ["service": "ECR", "operation": "DescribeRegistry"]
        #expect(metrics.value(of: "aws_retries_total", labels: labels) == 2)
        #expect(metrics.value(of: "aws_calls_total", labels: labels) == 1)
    }

    @Test func throttlingUsesOneSecondBase() async throws {
        let transport = ScriptedTransport([.respond(Self.throttled), .respond(Self.ok)])
        let sleeper = RecordingSleeper()
        _ = try await self.client(transport, sleeper: sleeper).ecr().describeRegistry()
        #expect(sleeper.recorded == [.milliseconds(500)])
    }

    @Test func giveUpAfterMaxAttempts() async throws {
        let transport = ScriptedTransport(Array(repeating: .respond(Self.unavailable), count: 5))
        let sleeper = RecordingSleeper()
        let metrics = MetricsRegistry()
        let error = try await #require(throws: AWSError.self) {
            _ = try await self.client(transport, sleeper: sleeper, metrics: metrics).ecr().describeRegistry()
        }
        #expect(error.code == "ServiceUnavailableException")
        #expect(transport.requests.count == 3)
        #expect(sleeper.recorded.count == 2)
        let labels = ["service": "ECR", "operation": "DescribeRegistry", "code": "ServiceUnavailableException"]
        #expect(metrics.value(of: "aws_errors_total", labels: labels) == 1)
    }

    @Test func maxAttemptsFromEnvironment() async throws {
        let transport = ScriptedTransport(Array(repeating: .respond(Self.unavailable), count: 6))
        let sleeper = RecordingSleeper()
        let client = self.client(transport, sleeper: sleeper, extra: ["AWS_MAX_ATTEMPTS": "5"])
        _ = try? await client.ecr().describeRegistry()
        #expect(transport.requests.count == 5)
    }

    @Test func nonRetryableErrorSurfacesAtOnce() async throws {
        let transport = ScriptedTransport([
            .respond(.json(400, #"{"__type":"RepositoryNotFoundException","message":"no"}"#)), .respond(Self.ok),
        ])
        let sleeper = RecordingSleeper()
        let error = try await #require(throws: AWSError.self) {
            _ = try await self.client(transport, sleeper: sleeper).ecr().describeRegistry()
        }
        #expect(error.code == "RepositoryNotFoundException")
        #expect(transport.requests.count == 1)
        #expect(sleeper.recorded.isEmpty)
    }

    @Test func connectionErrorsAreRetried() async throws {
        let transport = ScriptedTransport([
            .fail(.transport("connection refused")), .fail(.timeout("slow")), .respond(Self.ok),
        ])
        let sleeper = RecordingSleeper()
        _ = try await self.client(transport, sleeper: sleeper).ecr().describeRegistry()
        #expect(transport.requests.count == 3)
    }

    @Test func retryAfterHeaderIsHonoured() async throws {
        let slow = HTTPResponse.json(
            429,
            #"{"__type":"TooManyRequestsException"}"#,
            headers: ["x-amz-retry-after": "1200"]
        )
        let transport = ScriptedTransport([.respond(slow), .respond(Self.ok)])
        let sleeper = RecordingSleeper()
        _ = try await self.client(transport, sleeper: sleeper).ecr().describeRegistry()
        #expect(sleeper.recorded == [.milliseconds(1200)])
    }

    @Test func emptyTokenBucketStopsRetries() async throws {
        let transport = ScriptedTransport(Array(repeating: .respond(Self.unavailable), count: 3))
        let sleeper = RecordingSleeper()
        let client = self.client(transport, sleeper: sleeper)
        let bucket = client.executor.tokenBucket(service: .ecr, region: "us-east-1")
        while bucket.acquire(for: .transient) != nil {}
        _ = try? await client.ecr(region: "us-east-1").describeRegistry()
        #expect(transport.requests.count == 1)
        #expect(sleeper.recorded.isEmpty)
        let otherRegion = client.executor.tokenBucket(service: .ecr, region: "us-west-2")
        #expect(otherRegion.available == 500)
    }

    @Test func eachAttemptIsSignedAgain() async throws {
        let transport = ScriptedTransport([.respond(Self.unavailable), .respond(Self.ok)])
        _ = try await self.client(transport, sleeper: RecordingSleeper()).ecr().describeRegistry()
        let authorizations = transport.requests.map { request in
            request.headers.filter { $0.name.lowercased() == "authorization" }.count
        }
        #expect(authorizations == [1, 1])
    }
}
