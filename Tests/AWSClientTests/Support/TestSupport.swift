import Foundation
import Synchronization

@testable import AWSClient

/// Helpers shared by the test suites.
enum TestSupport {
    static let motoEndpoint = ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"]
    static let motoAvailable = motoEndpoint != nil

    /// Returns a lowercase random suffix so parallel tests against one moto never share names.
    static func uniqueName(_ prefix: String) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return prefix + "-" + String((0..<10).map { _ in letters.randomElement()! })
    }

    /// Returns a configuration whose every service points at `endpoint`, with no instance metadata lookups.
    static func configuration(endpoint: String, region: String = "us-east-1", extra: [String: String] = [:])
        -> AWSConfiguration
    {
        var environment = [
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_REGION": region,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": "/nonexistent/aws-config",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
            "HOME": NSTemporaryDirectory(),
        ]
        environment.merge(extra) { _, new in new }
        return AWSConfiguration(environment: environment)
    }

    /// Returns a client for the shared moto of the test run.
    static func motoClient(region: String = "us-east-1") -> AWSClient {
        AWSClient(configuration: self.configuration(endpoint: self.motoEndpoint ?? "http://127.0.0.1:9"))
    }

    /// Returns a new temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("aws-test"))
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A transport that returns queued responses and records every request, for tests without a network.
final class ScriptedTransport: HTTPTransport {
    enum Step: Sendable {
        case respond(HTTPResponse)
        case fail(AWSError)
    }

    private let state: Mutex<(steps: [Step], requests: [HTTPRequest])>

    init(_ steps: [Step]) {
        self.state = Mutex((steps, []))
    }

    var requests: [HTTPRequest] {
        self.state.withLock { $0.requests }
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let step = self.state.withLock { state -> Step? in
            state.requests.append(request)
            return state.steps.isEmpty ? nil : state.steps.removeFirst()
        }
        switch step {
        case .respond(let response):
            return response
        case .fail(let error):
            throw error
        case nil:
            throw AWSError.transport("The scripted transport has no response left.")
        }
    }
}

/// Records the delays the retry loop asked for instead of sleeping.
final class RecordingSleeper: Sendable {
    private let delays = Mutex<[Duration]>([])

    var recorded: [Duration] {
        self.delays.withLock { $0 }
    }

    func environment(randomUnit: Double = 0.5, now: Date = Date(timeIntervalSince1970: 1_440_938_160))
        -> RetryEnvironment
    {
        RetryEnvironment(
            now: { now },
            sleep: { delay in self.delays.withLock { $0.append(delay) } },
            randomUnit: { randomUnit }
        )
    }
}

extension HTTPResponse {
    static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> HTTPResponse {
        HTTPResponse(
            statusCode: status,
            headers: headers.merging(["content-type": "application/x-amz-json-1.1"]) { old, _ in old },
            body: Array(body.utf8)
        )
    }
}
