import Foundation
import Testing

@testable import AWSClient

/// End-to-end check of the signer: a moto with signature checking accepts correct signatures and rejects a
/// wrong secret with `SignatureDoesNotMatch`; the doctor reports both.
@Suite(.enabled(if: TestSupport.motoAvailable), .serialized)
struct MotoSignatureTests {
    /// Creates an IAM user allowed everything, in the free calls, and returns its access key.
    func createAccessKey(on moto: AuthenticatingMoto) async throws -> AWSCredentials {
        let client = AWSClient(configuration: TestSupport.configuration(endpoint: moto.endpoint))
        let user = TestSupport.uniqueName("signer")
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        _ = try await client.executor.query(
            .iam,
            action: "CreateUser",
            region: "us-east-1",
            input: IAMParameters(pairs: [("UserName", user)]),
            credentials: client.credentialProvider
        )
        _ = try await client.executor.query(
            .iam,
            action: "PutUserPolicy",
            region: "us-east-1",
            input: IAMParameters(pairs: [("UserName", user), ("PolicyName", "all"), ("PolicyDocument", policy)]),
            credentials: client.credentialProvider
        )
        let result = try await client.executor.query(
            .iam,
            action: "CreateAccessKey",
            region: "us-east-1",
            input: IAMParameters(pairs: [("UserName", user)]),
            credentials: client.credentialProvider
        )
        let key = try #require(result.child("AccessKey"))
        return AWSCredentials(
            accessKeyId: try #require(key.string("AccessKeyId")),
            secretAccessKey: try #require(key.string("SecretAccessKey"))
        )
    }

    func client(_ moto: AuthenticatingMoto, _ credentials: AWSCredentials) -> AWSClient {
        AWSClient(
            configuration: TestSupport.configuration(endpoint: moto.endpoint),
            credentialProvider: StaticCredentialProvider(credentials)
        )
    }

    @Test func signaturesAreCheckedEndToEnd() async throws {
        let moto = try await AuthenticatingMoto.start(freeCalls: 3)
        defer { moto.stop() }
        let credentials = try await self.createAccessKey(on: moto)

        let good = self.client(moto, credentials)
        let identity = try await good.sts(region: "us-east-1").getCallerIdentity()
        #expect(identity.arn.hasSuffix(":user/" + identity.arn.split(separator: "/").last!))
        let registry = try await good.ecr(region: "us-west-2").describeRegistry()
        #expect(registry.registryId == identity.account)
        let repository = TestSupport.uniqueName("signed")
        _ = try await good.ecr(region: "us-west-2").createRepository(
            CreateRepositoryRequest(repositoryName: repository)
        )
        _ = try await good.sns(region: "us-west-2").createTopic(
            CreateTopicRequest(name: TestSupport.uniqueName("signed"))
        )

        var wrong = credentials
        wrong.secretAccessKey = String(credentials.secretAccessKey.reversed())
        let error = try await #require(throws: AWSError.self) {
            _ = try await self.client(moto, wrong).ecr(region: "us-west-2").describeRegistry()
        }
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.statusCode == 403)
        #expect(error.isAuthenticationFailure)

        let queryError = try await #require(throws: AWSError.self) {
            _ = try await self.client(moto, wrong).sts(region: "us-east-1").getCallerIdentity()
        }
        #expect(queryError.code == "SignatureDoesNotMatch")
    }

    @Test func doctorReportsSignatureFailures() async throws {
        let moto = try await AuthenticatingMoto.start(freeCalls: 3)
        defer { moto.stop() }
        let credentials = try await self.createAccessKey(on: moto)

        let passing = await Doctor.run(client: self.client(moto, credentials), regions: ["us-east-1", "eu-west-1"])
        #expect(passing.count == 5)
        #expect(passing.allSatisfy { $0.ok })
        #expect(
            passing.map(\.name) == [
                "credentials", "sts.GetCallerIdentity", "ecr.DescribeRegistry", "sts.GetCallerIdentity",
                "ecr.DescribeRegistry",
            ]
        )
        #expect(passing[1].detail.hasPrefix("account "))

        var wrong = credentials
        wrong.secretAccessKey = "not-the-secret"
        let failing = await Doctor.run(client: self.client(moto, wrong), regions: ["us-east-1"])
        #expect(failing[0].ok)
        #expect(!failing[1].ok)
        #expect(failing[1].errorCode == "SignatureDoesNotMatch")
        #expect(failing[2].errorCode == "SignatureDoesNotMatch")
        let line = Doctor.format(failing[2])
        #expect(line.hasPrefix("FAIL ecr.DescribeRegistry"))
        #expect(line.contains("us-east-1"))
        #expect(line.contains("SignatureDoesNotMatch"))
    }
}

@Suite struct DoctorTests {
    @Test func formatsOneLinePerCheck() {
        let ok = DoctorCheck(
            name: "sts.GetCallerIdentity",
            region: "us-east-1",
            ok: true,
            detail: "account 123456789012"
        )
        #expect(Doctor.format(ok) == "OK   sts.GetCallerIdentity    us-east-1       account 123456789012")
        #expect(!Doctor.format(ok).contains("\n"))
    }

    @Test func missingCredentialsStopEarly() async {
        let configuration = AWSConfiguration(environment: [
            "HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true", "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        ])
        let checks = await Doctor.run(configuration: configuration, regions: [])
        #expect(checks.count == 1)
        #expect(checks.first?.ok == false)
        #expect(checks.first?.errorCode == "CredentialsError")
    }

    @Test func defaultsToSourceRegion() async {
        let transport = ScriptedTransport([
            .respond(
                HTTPResponse(
                    statusCode: 200,
                    body: Array(
                        "<R><GetCallerIdentityResult><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/a</Arn></GetCallerIdentityResult></R>"
                            .utf8
                    )
                )
            ),
            .respond(.json(200, #"{"registryId":"123456789012","replicationConfiguration":{"rules":[]}}"#)),
        ])
        let configuration = TestSupport.configuration(
            endpoint: "http://127.0.0.1:9",
            extra: ["ECP_SOURCE_REGION": "eu-west-1"]
        )
        let checks = await Doctor.run(configuration: configuration, regions: [], transport: transport)
        #expect(checks.map(\.region) == ["-", "eu-west-1", "eu-west-1"])
        #expect(checks.allSatisfy { $0.ok })
        #expect(checks[1].detail == "account 123456789012 as arn:aws:iam::123456789012:user/a")
        #expect(checks[2].detail == "registry 123456789012 with 0 replication rule(s)")
    }

    @Test func connectionFailureIsAFailedCheck() async {
        let transport = ScriptedTransport(Array(repeating: .fail(.transport("connection refused")), count: 6))
        let configuration = TestSupport.configuration(endpoint: "http://127.0.0.1:9", extra: ["AWS_MAX_ATTEMPTS": "1"])
        let checks = await Doctor.run(configuration: configuration, regions: ["us-east-1"], transport: transport)
        #expect(checks.count == 3)
        #expect(checks[1].errorCode == "TransportError")
        #expect(!checks[2].ok)
    }

    @Test func maskedAccessKey() {
        #expect(Doctor.masked("AKIAIOSFODNN7EXAMPLE") == "AKIA…MPLE")
        #expect(Doctor.masked("short") == "*****")
    }
}
