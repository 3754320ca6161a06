import Foundation
import Synchronization
import Testing

@testable import AWSClient

/// The default chain's order and each provider, with temporary shared files, a scripted STS and a stub
/// metadata server on 127.0.0.1.
@Suite struct CredentialChainTests {
    static let assumeRoleXML = """
        <AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId>\
        <SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken>\
        <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId>\
        <Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>
        """
    static let webIdentityXML = assumeRoleXML.replacingOccurrences(of: "AssumeRole", with: "AssumeRoleWithWebIdentity")

    /// Builds a client from `environment` alone (no endpoint override unless given) and returns its chain.
    func chainCredentials(
        _ environment: [String: String],
        transport: ScriptedTransport = ScriptedTransport([])
    ) async throws -> AWSCredentials? {
        var environment = environment
        environment["HOME"] = environment["HOME"] ?? "/nonexistent-home"
        environment["AWS_ENDPOINT_URL"] = environment["AWS_ENDPOINT_URL"] ?? "http://127.0.0.1:9"
        environment["AWS_EC2_METADATA_DISABLED"] = environment["AWS_EC2_METADATA_DISABLED"] ?? "true"
        let client = AWSClient(
            configuration: AWSConfiguration(environment: environment),
            transport: transport,
            environment: RecordingSleeper().environment()
        )
        return try await client.credentialProvider.credentials()
    }

    func writeFile(_ directory: URL, _ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func environmentComesFirst() async throws {
        let directory = try TestSupport.temporaryDirectory()
        let credentialsFile = try self.writeFile(
            directory,
            "credentials",
            "[default]\naws_access_key_id = FROMFILE\naws_secret_access_key = file-secret\n"
        )
        let credentials = try await self.chainCredentials([
            "AWS_ACCESS_KEY_ID": "FROMENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token",
            "AWS_SHARED_CREDENTIALS_FILE": credentialsFile,
        ])
        #expect(credentials?.accessKeyId == "FROMENV")
        #expect(credentials?.sessionToken == "env-token")
    }

    @Test func environmentWithoutSecretFails() async throws {
        await #expect(throws: AWSError.self) {
            _ = try await self.chainCredentials(["AWS_ACCESS_KEY_ID": "ONLYID"])
        }
    }

    @Test func sharedCredentialsFileWithProfile() async throws {
        let directory = try TestSupport.temporaryDirectory()
        let credentialsFile = try self.writeFile(
            directory,
            "credentials",
            """
            # comment
            [default]
            aws_access_key_id = DEFAULTKEY
            aws_secret_access_key = default-secret
            [ops]
            aws_access_key_id = OPSKEY ; trailing comment
            aws_secret_access_key = ops-secret
            aws_session_token = ops-token
            """
        )
        let byDefault = try await self.chainCredentials(["AWS_SHARED_CREDENTIALS_FILE": credentialsFile])
        #expect(byDefault?.accessKeyId == "DEFAULTKEY")
        let ops = try await self.chainCredentials([
            "AWS_SHARED_CREDENTIALS_FILE": credentialsFile, "AWS_PROFILE": "ops",
        ])
        #expect(ops?.accessKeyId == "OPSKEY")
        #expect(ops?.secretAccessKey == "ops-secret")
        #expect(ops?.sessionToken == "ops-token")
    }

    @Test func homeDirectoryFilesAreDefault() async throws {
        let home = try TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent(".aws"),
            withIntermediateDirectories: true
        )
        _ = try self.writeFile(
            home,
            ".aws/credentials",
            "[default]\naws_access_key_id = HOMEKEY\naws_secret_access_key = s\n"
        )
        _ = try self.writeFile(home, ".aws/config", "[default]\nregion = eu-central-1\n")
        let credentials = try await self.chainCredentials(["HOME": home.path])
        #expect(credentials?.accessKeyId == "HOMEKEY")
        #expect(AWSConfiguration(environment: ["HOME": home.path]).region == "eu-central-1")
    }

    @Test func unknownProfileIsAnError() async throws {
        let directory = try TestSupport.temporaryDirectory()
        let credentialsFile = try self.writeFile(
            directory,
            "credentials",
            "[default]\naws_access_key_id = A\naws_secret_access_key = s\n"
        )
        let error = try await #require(throws: AWSError.self) {
            _ = try await self.chainCredentials(["AWS_SHARED_CREDENTIALS_FILE": credentialsFile, "AWS_PROFILE": "nope"])
        }
        #expect(error.kind == .credentials)
    }

    @Test func sourceProfileAssumesRole() async throws {
        let directory = try TestSupport.temporaryDirectory()
        let credentialsFile = try self.writeFile(
            directory,
            "credentials",
            "[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = base-secret\n"
        )
        let configFile = try self.writeFile(
            directory,
            "config",
            """
            [profile deploy]
            role_arn = arn:aws:iam::123456789012:role/deploy
            source_profile = base
            role_session_name = deploy-session
            external_id = ext-1
            region = eu-west-1
            """
        )
        let transport = ScriptedTransport([
            .respond(HTTPResponse(statusCode: 200, body: Array(Self.assumeRoleXML.utf8)))
        ])
        let credentials = try await self.chainCredentials(
            ["AWS_SHARED_CREDENTIALS_FILE": credentialsFile, "AWS_CONFIG_FILE": configFile, "AWS_PROFILE": "deploy"],
            transport: transport
        )
        #expect(credentials?.accessKeyId == "ASIAROLE")
        #expect(credentials?.sessionToken == "role-token")
        let request = try #require(transport.requests.first)
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body.contains("Action=AssumeRole&"))
        #expect(body.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy"))
        #expect(body.contains("RoleSessionName=deploy-session"))
        #expect(body.contains("ExternalId=ext-1"))
        let authorization = request.headers.first { $0.name == "Authorization" }?.value ?? ""
        #expect(authorization.contains("Credential=BASEKEY/"))
        #expect(authorization.contains("/eu-west-1/sts/aws4_request"))
    }

    @Test func sourceProfileCycleIsAnError() async throws {
        let directory = try TestSupport.temporaryDirectory()
        let configFile = try self.writeFile(
            directory,
            "config",
            "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n"
        )
        let error = try await #require(throws: AWSError.self) {
            _ = try await self.chainCredentials(["AWS_CONFIG_FILE": configFile, "AWS_PROFILE": "a"])
        }
        #expect(error.message.contains("cycle"))
    }

    @Test func webIdentityFromEnvironment() async throws {
        let directory = try TestSupport.temporaryDirectory()
        let tokenFile = try self.writeFile(directory, "token", "eyJhbGciOi.token\n")
        let transport = ScriptedTransport([
            .respond(HTTPResponse(statusCode: 200, body: Array(Self.webIdentityXML.utf8)))
        ])
        let credentials = try await self.chainCredentials(
            [
                "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web",
                "AWS_ROLE_SESSION_NAME": "pod",
            ],
            transport: transport
        )
        #expect(credentials?.accessKeyId == "ASIAROLE")
        let request = try #require(transport.requests.first)
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body.contains("Action=AssumeRoleWithWebIdentity"))
        #expect(body.hasSuffix("WebIdentityToken=eyJhbGciOi.token"))
        #expect(body.contains("RoleSessionName=pod"))
        #expect(!request.headers.contains { $0.name == "Authorization" })
    }

    @Test func profileBeatsWebIdentity() async throws {
        let directory = try TestSupport.temporaryDirectory()
        let credentialsFile = try self.writeFile(
            directory,
            "credentials",
            "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = s\n"
        )
        let tokenFile = try self.writeFile(directory, "token", "t")
        let credentials = try await self.chainCredentials([
            "AWS_SHARED_CREDENTIALS_FILE": credentialsFile, "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
            "AWS_ROLE_ARN": "arn:aws:iam::1:role/x",
        ])
        #expect(credentials?.accessKeyId == "FILEKEY")
    }

    @Test func nothingConfiguredReturnsNil() async throws {
        let credentials = try await self.chainCredentials([:])
        #expect(credentials == nil)
    }

    @Test func containerCredentialsFromStubServer() async throws {
        let server = try await StubMetadataServer.start()
        defer { server.stop() }
        let directory = try TestSupport.temporaryDirectory()
        let tokenFile = try self.writeFile(directory, "container-token", "stub-container-token\n")
        let provider = ContainerCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.baseURL)/container-credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
            ],
            transport: URLSessionTransport(connectTimeout: 2, requestTimeout: 5)
        )
        let credentials = try await provider.credentials()
        #expect(credentials?.accessKeyId == "ASIASTUB")
        #expect(credentials?.sessionToken == "stub-session")
        #expect(credentials?.expiration == RFC3339Probe.date("2099-01-01T00:00:00Z"))

        let wrongToken = ContainerCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.baseURL)/container-credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong",
            ],
            transport: URLSessionTransport(connectTimeout: 2, requestTimeout: 5)
        )
        await #expect(throws: AWSError.self) { _ = try await wrongToken.credentials() }
    }

    @Test func containerURIRules() throws {
        let relative = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"],
            transport: ScriptedTransport([])
        )
        #expect(try relative.endpointURL()?.absoluteString == "http://169.254.170.2/v2/credentials/abc")
        let remote = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"],
            transport: ScriptedTransport([])
        )
        #expect(throws: AWSError.self) { _ = try remote.endpointURL() }
        let none = ContainerCredentialProvider(environment: [:], transport: ScriptedTransport([]))
        #expect(try none.endpointURL() == nil)
    }

    @Test func instanceMetadataV2FromStubServer() async throws {
        let server = try await StubMetadataServer.start()
        defer { server.stop() }
        let provider = InstanceMetadataCredentialProvider(
            endpoint: URL(string: server.baseURL)!,
            disabled: false,
            transport: URLSessionTransport(connectTimeout: 2, requestTimeout: 5)
        )
        let credentials = try await provider.credentials()
        #expect(credentials?.accessKeyId == "ASIASTUB")
        #expect(credentials?.secretAccessKey == "stub-secret")
        #expect(try await server.requestCount("/latest/api/token") == 1)
        #expect(try await server.requestCount("/latest/meta-data/iam/security-credentials/stub-role") == 1)
    }

    @Test func chainReachesInstanceMetadataLast() async throws {
        let server = try await StubMetadataServer.start()
        defer { server.stop() }
        let credentials = try await self.chainCredentials([
            "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL,
        ])
        #expect(credentials?.accessKeyId == "ASIASTUB")
    }

    @Test func disabledInstanceMetadataIsNeverContacted() async throws {
        let server = try await StubMetadataServer.start()
        defer { server.stop() }
        let credentials = try await self.chainCredentials([
            "AWS_EC2_METADATA_DISABLED": "true", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL,
        ])
        #expect(credentials == nil)
        #expect(try await server.requestCount("/latest/api/token") == 0)
    }

    @Test func unreachableInstanceMetadataMeansNoCredentials() async throws {
        let provider = InstanceMetadataCredentialProvider(
            endpoint: URL(string: "http://127.0.0.1:9")!,
            disabled: false,
            transport: URLSessionTransport(connectTimeout: 1, requestTimeout: 2)
        )
        #expect(try await provider.credentials() == nil)
    }
}

enum RFC3339Probe {
    static func date(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text)
    }
}

/// A provider that counts calls and hands out credentials expiring `lifetime` seconds after `now`.
final class CountingProvider: CredentialProvider {
    let name = "counting"
    private let calls = Mutex(0)
    let lifetime: TimeInterval
    let now: @Sendable () -> Date

    init(lifetime: TimeInterval, now: @escaping @Sendable () -> Date) {
        self.lifetime = lifetime
        self.now = now
    }

    var count: Int { self.calls.withLock { $0 } }

    func credentials() async throws -> AWSCredentials? {
        let call = self.calls.withLock { value -> Int in
            value += 1
            return value
        }
        try await Task.sleep(for: .milliseconds(50))
        return AWSCredentials(
            accessKeyId: "KEY\(call)",
            secretAccessKey: "s",
            sessionToken: "t",
            expiration: self.now().addingTimeInterval(self.lifetime)
        )
    }
}

@Suite struct CachingCredentialProviderTests {
    @Test func concurrentCallersShareOneRefresh() async throws {
        let base = CountingProvider(lifetime: 3600) { Date() }
        let cache = CachingCredentialProvider(base)
        let keys = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<20 {
                group.addTask { try await cache.credentials()?.accessKeyId }
            }
            var keys: [String?] = []
            for try await key in group {
                keys.append(key)
            }
            return keys
        }
        #expect(base.count == 1)
        #expect(Set(keys) == ["KEY1"])
    }

    @Test func refreshesBeforeExpiry() async throws {
        let clock = Mutex(Date(timeIntervalSince1970: 1_000_000))
        let now: @Sendable () -> Date = { clock.withLock { $0 } }
        let base = CountingProvider(lifetime: 900, now: now)
        let cache = CachingCredentialProvider(base, refreshMargin: 300, now: now)
        #expect(try await cache.credentials()?.accessKeyId == "KEY1")
        clock.withLock { $0 = $0.addingTimeInterval(500) }
        #expect(try await cache.credentials()?.accessKeyId == "KEY1")
        clock.withLock { $0 = $0.addingTimeInterval(200) }
        #expect(try await cache.credentials()?.accessKeyId == "KEY2")
        #expect(base.count == 2)
    }
}
