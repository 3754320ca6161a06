import Foundation
import Observability
import Synchronization
import Testing

@testable import AWSClient

/// Pagination, assumed-role clients and call logging, with a scripted transport.
@Suite struct ClientBehaviourTests {
    func client(_ transport: ScriptedTransport, logger: Logger = .disabled) -> AWSClient {
        AWSClient(
            configuration: TestSupport.configuration(endpoint: "http://127.0.0.1:4566"),
            logger: logger,
            transport: transport,
            environment: RecordingSleeper().environment()
        )
    }

    static func jsonBody(_ request: HTTPRequest) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]) ?? [:]
    }

    @Test func paginationFollowsNextToken() async throws {
        let transport = ScriptedTransport([
            .respond(.json(200, #"{"repositories":[{"repositoryName":"a"}],"nextToken":"t1"}"#)),
            .respond(.json(200, #"{"repositories":[{"repositoryName":"b"}],"nextToken":"t2"}"#)),
            .respond(.json(200, #"{"repositories":[{"repositoryName":"c"}]}"#)),
        ])
        let names = try await self.client(transport).ecr().allRepositories().map(\.repositoryName)
        #expect(names == ["a", "b", "c"])
        let tokens = transport.requests.map { Self.jsonBody($0)["nextToken"] as? String }
        #expect(tokens == [nil, "t1", "t2"])
    }

    @Test func paginationStopsOnRepeatedToken() async throws {
        let transport = ScriptedTransport([
            .respond(.json(200, #"{"imageIds":[{"imageTag":"a"}],"nextToken":"same"}"#)),
            .respond(.json(200, #"{"imageIds":[{"imageTag":"b"}],"nextToken":"same"}"#)),
            .respond(.json(200, #"{"imageIds":[{"imageTag":"c"}]}"#)),
        ])
        let ids = try await self.client(transport).ecr().allImageIds(ListImagesRequest(repositoryName: "r"))
        #expect(ids.map(\.imageTag) == ["a", "b"])
        #expect(transport.requests.count == 2)
    }

    @Test func assumedRoleCredentialsSignAndAreCached() async throws {
        let assumeRole = HTTPResponse(statusCode: 200, body: Array(CredentialChainTests.assumeRoleXML.utf8))
        let transport = ScriptedTransport([
            .respond(assumeRole),
            .respond(.json(200, #"{"registryId":"210987654321"}"#)),
            .respond(.json(200, #"{"registryId":"210987654321"}"#)),
        ])
        let client = self.client(transport)
        let roleArn = "arn:aws:iam::210987654321:role/replication"
        let ecr = client.ecr(region: "eu-west-1", roleArn: roleArn)
        _ = try await ecr.describeRegistry()
        _ = try await client.ecr(region: "us-west-2", roleArn: roleArn).describeRegistry()

        #expect(transport.requests.count == 3)
        let stsBody = String(decoding: transport.requests[0].body, as: UTF8.self)
        #expect(stsBody.contains("Action=AssumeRole&"))
        let authorizations = transport.requests.map { request in
            request.headers.first { $0.name == "Authorization" }?.value ?? ""
        }
        #expect(authorizations[0].contains("Credential=testing/"))
        #expect(authorizations[1].contains("Credential=ASIAROLE/"))
        #expect(authorizations[2].contains("Credential=ASIAROLE/"))
        let token = transport.requests[1].headers.first { $0.name == "X-Amz-Security-Token" }?.value
        #expect(token == "role-token")
    }

    @Test func callsAreLoggedWithoutSecrets() async throws {
        let events = Mutex<[LogEvent]>([])
        let logger = Logger(
            label: "test",
            level: .trace,
            sink: LogSink { event in events.withLock { $0.append(event) } }
        )
        let transport = ScriptedTransport([
            .respond(.json(503, #"{"__type":"ServiceUnavailableException"}"#)),
            .respond(.json(200, #"{"registryId":"123456789012"}"#, headers: ["x-amzn-RequestId": "req-42"])),
        ])
        _ = try await self.client(transport, logger: logger).ecr(region: "eu-west-1").describeRegistry()
        let recorded = events.withLock { $0 }
        let retry = try #require(recorded.first { $0.message == "Retrying AWS call." })
        #expect(retry.level == .trace)
        #expect(retry.metadata["aws.error_code"] == "ServiceUnavailableException")
        let done = try #require(recorded.first { $0.message == "AWS call succeeded." })
        #expect(done.level == .debug)
        #expect(done.metadata["aws.service"] == "ECR")
        #expect(done.metadata["aws.operation"] == "DescribeRegistry")
        #expect(done.metadata["aws.region"] == "eu-west-1")
        #expect(done.metadata["aws.request_id"] == "req-42")
        #expect(done.metadata["aws.attempts"] == "2")
        #expect(done.metadata["aws.duration_ms"] != nil)
        let text = recorded.map { LogLineFormatter.format($0, as: .json) }.joined(separator: "\n")
        #expect(!text.contains("Signature="))
        #expect(!text.contains("testing"))
    }

    @Test func missingCredentialsIsTypedError() async throws {
        let client = AWSClient(
            configuration: AWSConfiguration(environment: [
                "HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
            ]),
            transport: ScriptedTransport([])
        )
        let error = try await #require(throws: AWSError.self) {
            _ = try await client.ecr(region: "us-east-1").describeRegistry()
        }
        #expect(error.kind == .credentials)
        #expect(error.operation == "DescribeRegistry")
    }
}
