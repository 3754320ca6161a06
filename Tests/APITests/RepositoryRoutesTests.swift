import AWSClient
import ControlPlane
import Crypto
import Foundation
import Testing

/// Creating, listing and reading repositories through the server against moto.
@Suite(.enabled(if: RepositoryTestKit.motoAvailable))
struct RepositoryRoutesTests {
    @Test func createReturnsLocationAndAudits() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("create")
            let body = """
                {"name": "\(name)", "scanOnPush": true, "tagMutability": "IMMUTABLE",
                 "encryption": {"type": "AES256"}, "tags": {"team": "platform"}}
                """
            let reply = try await app.request("POST", "/v1/repositories", token: app.adminToken, body: body)
            #expect(reply.status == 201)
            #expect(reply.headers["location"] == "/v1/repositories/\(name)")
            let repository = reply.json["repository"] as? [String: Any] ?? [:]
            #expect(repository["name"] as? String == name)
            #expect(repository["region"] as? String == "us-east-1")
            #expect(repository["scanOnPush"] as? Bool == true)
            #expect(repository["tagMutability"] as? String == "IMMUTABLE")
            #expect((repository["encryption"] as? [String: Any])?["type"] as? String == "AES256")
            #expect((repository["tags"] as? [String: String]) == ["team": "platform"])
            #expect((reply.json["replicas"] as? [Any])?.isEmpty == true)

            let described = try await RepositoryTestKit.describe(name)
            #expect(described?.imageScanningConfiguration?.scanOnPush == true)
            #expect(described?.imageTagMutability == .immutable)

            let events = try await RepositoryTestKit.auditEvents(app, action: "repository.create", name: name)
            #expect(events.count == 1)
            #expect(events.first?.outcome == .succeeded)
            #expect(events.first?.actor == "admin")
            #expect(events.first?.before == nil)
            #expect(events.first?.after?.contains("\"scanOnPush\":true") == true)
            #expect(events.first?.after?.contains("\"team\":\"platform\"") == true)
        }
    }

    @Test func createExistingRepositoryIsConflict() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("twice")
            let body = "{\"name\": \"\(name)\"}"
            let first = try await app.request("POST", "/v1/repositories", token: app.adminToken, body: body)
            #expect(first.status == 201)
            let second = try await app.request("POST", "/v1/repositories", token: app.adminToken, body: body)
            #expect(second.status == 409)
            #expect(second.json["awsErrorCode"] as? String == "RepositoryAlreadyExistsException")

            let events = try await RepositoryTestKit.auditEvents(app, action: "repository.create", name: name)
            #expect(events.count == 2)
            let failed = events.first { $0.outcome == .failed }
            #expect(failed?.failure?.code == "RepositoryAlreadyExistsException")
            #expect(failed?.after == nil)
        }
    }

    @Test func listFiltersByPrefixAndPages() async throws {
        try await withApplication { app in
            let prefix = RepositoryTestKit.uniqueName("list")
            for suffix in ["c", "a", "b/nested"] {
                try await RepositoryTestKit.create("\(prefix)-\(suffix)")
            }
            let first = try await app.request(
                "GET",
                "/v1/repositories?prefix=\(prefix)&limit=2",
                token: app.viewerToken
            )
            #expect(first.status == 200)
            let firstNames = (first.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(firstNames == ["\(prefix)-a", "\(prefix)-b/nested"])
            let next = try #require(first.json["next"] as? String)
            #expect(first.headers["link"]?.contains("rel=\"next\"") == true)

            let second = try await app.request(
                "GET",
                "/v1/repositories?prefix=\(prefix)&limit=2&cursor=\(next)",
                token: app.viewerToken
            )
            #expect(second.status == 200)
            let secondNames = (second.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(secondNames == ["\(prefix)-c"])
            #expect(second.json["next"] is NSNull)
            #expect(second.headers["link"] == nil)
        }
    }

    @Test func listRejectsForeignCursor() async throws {
        try await withApplication { app in
            let reply = try await app.request("GET", "/v1/repositories?cursor=bm90LWEtY3Vyc29y", token: app.viewerToken)
            #expect(reply.status == 400)
            #expect(reply.errorFields == ["cursor"])
        }
    }

    @Test func detailShowsSettingsAndPolicies() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("detail")
            try await RepositoryTestKit.create(name, scanOnPush: true)
            let lifecycle = """
                {"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"imageCountMoreThan",\
                "countNumber":5},"action":{"type":"expire"}}]}
                """
            let ecr = RepositoryTestKit.aws.ecr(region: "us-east-1")
            _ = try await ecr.putLifecyclePolicy(
                PutLifecyclePolicyRequest(repositoryName: name, lifecyclePolicyText: lifecycle)
            )
            let reply = try await app.request("GET", "/v1/repositories/\(name)", token: app.viewerToken)
            #expect(reply.status == 200)
            let repository = reply.json["repository"] as? [String: Any] ?? [:]
            #expect(repository["name"] as? String == name)
            #expect(repository["scanOnPush"] as? Bool == true)
            #expect(repository["tagMutability"] as? String == "MUTABLE")
            #expect(reply.json["lifecyclePolicy"] as? String != nil)
            #expect(reply.json["repositoryPolicy"] == nil)
            #expect(reply.json["replicas"] as? [Any] != nil)
        }
    }

    @Test func detailOfMissingRepositoryIsNotFound() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("missing")
            let reply = try await app.request("GET", "/v1/repositories/\(name)", token: app.viewerToken)
            #expect(reply.status == 404)
            #expect(reply.json["awsErrorCode"] as? String == "RepositoryNotFoundException")
        }
    }

    @Test func nameWithSlashPlainAndEncoded() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("team") + "/app/worker"
            let created = try await app.request(
                "POST",
                "/v1/repositories",
                token: app.adminToken,
                body: "{\"name\": \"\(name)\"}"
            )
            #expect(created.status == 201)
            #expect(created.headers["location"] == "/v1/repositories/\(name)")
            let plain = try await app.request("GET", "/v1/repositories/\(name)", token: app.viewerToken)
            #expect(plain.status == 200)
            #expect((plain.json["repository"] as? [String: Any])?["name"] as? String == name)
            let encodedPath = name.replacingOccurrences(of: "/", with: "%2F")
            let encoded = try await app.request("GET", "/v1/repositories/\(encodedPath)", token: app.viewerToken)
            #expect(encoded.status == 200)
            #expect((encoded.json["repository"] as? [String: Any])?["name"] as? String == name)
            let images = try await app.request("GET", "/v1/repositories/\(encodedPath)/images", token: app.viewerToken)
            #expect(images.status == 200)
        }
    }

    @Test func nameEndingInReservedSegment() async throws {
        try await withApplication { app in
            // `…/history` after a name is the history route, so such a name is reached with `%2F` only.
            let owner = RepositoryTestKit.uniqueName("reserved")
            let name = "\(owner)/history"
            try await RepositoryTestKit.create(name)
            let encoded = try await app.request("GET", "/v1/repositories/\(owner)%2Fhistory", token: app.viewerToken)
            #expect(encoded.status == 200)
            #expect((encoded.json["repository"] as? [String: Any])?["name"] as? String == name)
            let plain = try await app.request("GET", "/v1/repositories/\(name)", token: app.viewerToken)
            #expect(plain.status == 200)
            #expect(plain.json["items"] as? [Any] != nil)
        }
    }

    @Test func viewerCannotChangeRepositories() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("roles")
            try await RepositoryTestKit.create(name)
            let body = "{\"name\": \"\(RepositoryTestKit.uniqueName("viewer"))\"}"
            let create = try await app.request("POST", "/v1/repositories", token: app.viewerToken, body: body)
            #expect(create.status == 403)
            let patch = try await app.request(
                "PATCH",
                "/v1/repositories/\(name)",
                token: app.viewerToken,
                body: "{\"scanOnPush\": true}"
            )
            #expect(patch.status == 403)
            let delete = try await app.request("DELETE", "/v1/repositories/\(name)", token: app.viewerToken)
            #expect(delete.status == 403)
            let operatorDelete = try await app.request("DELETE", "/v1/repositories/\(name)", token: app.operatorToken)
            #expect(operatorDelete.status == 403)
            #expect(try await RepositoryTestKit.describe(name) != nil)
            let read = try await app.request("GET", "/v1/repositories/\(name)", token: app.viewerToken)
            #expect(read.status == 200)
        }
    }
}

/// Shared helpers of the repository route tests: a direct moto client, unique names and audit queries.
enum RepositoryTestKit {
    static let motoAvailable = ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"] != nil

    /// An AWS client on the same moto as the server, for seeding and checking state directly.
    static let aws = AWSClient(configuration: AWSConfiguration(environment: TestApplication.awsEnvironment))

    /// moto's default account, which STS GetCallerIdentity returns for any key pair.
    static let motoAccount = "123456789012"

    /// Returns a repository name no other test uses, because all tests share one moto.
    static func uniqueName(_ stem: String) -> String {
        "rt-\(stem)-" + UUID().uuidString.prefix(8).lowercased()
    }

    /// Creates a repository directly in moto.
    static func create(_ name: String, region: String = "us-east-1", scanOnPush: Bool = false) async throws {
        _ = try await self.aws.ecr(region: region).createRepository(
            ECRCreateRepositoryRequest(
                repositoryName: name,
                imageScanningConfiguration: ImageScanningConfiguration(scanOnPush: scanOnPush)
            )
        )
    }

    /// Returns the repository as moto describes it, or nil when it does not exist.
    static func describe(_ name: String, region: String = "us-east-1") async throws -> Repository? {
        do {
            let response = try await self.aws.ecr(region: region).describeRepositories(
                DescribeRepositoriesRequest(repositoryNames: [name])
            )
            return response.repositories?.first
        } catch let error as AWSError where error.code == "RepositoryNotFoundException" {
            return nil
        }
    }

    /// Returns the audit events with `action` on repository `name` exactly, newest first.
    static func auditEvents(_ app: TestApplication, action: String, name: String) async throws -> [AuditEvent] {
        var filter = AuditFilter()
        filter.action = action
        filter.targetPrefix = "repository:\(name)"
        let page = try await app.auditLog.list(filter: filter, limit: 500)
        return page.items.filter { $0.target == "repository:\(name)" }
    }

    /// Pushes an image with a manifest unique to `seed` and returns its digest.
    static func pushImage(_ name: String, tag: String?, seed: String) async throws -> String {
        // Distinct layer digests per image, as real ECR would see distinct layers.
        let fakeDigest = { (text: String) in "sha256:" + SHA256.hexHash(Array(text.utf8)) }
        let manifest = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",\
            "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7,\
            "digest":"\(fakeDigest(seed + "config"))"},"layers":[{"mediaType":\
            "application/vnd.docker.image.rootfs.diff.tar.gzip","size":11,"digest":"\(fakeDigest(seed + "layer"))"}]}
            """
        let request = PutImageRequest(
            repositoryName: name,
            imageManifest: manifest,
            imageManifestMediaType: "application/vnd.docker.distribution.manifest.v2+json",
            imageTag: tag
        )
        _ = try await self.aws.ecr(region: "us-east-1").putImage(request)
        return request.imageDigest
    }
}
