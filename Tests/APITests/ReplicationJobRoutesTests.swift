import AWSClient
import ControlPlane
import Foundation
import Testing

/// `/v1/replication-jobs` through the real server with a running runner and moto.
@Suite(.enabled(if: ReplicationJobTestKit.motoAvailable))
struct ReplicationJobRoutesTests {
    static let account = ReplicationJobTestKit.account

    static func createBody(repository: String, digest: String? = nil, tag: String? = nil, extra: String = "") -> String
    {
        var fields = ["\"repository\": \"\(repository)\""]
        if let digest {
            fields.append("\"digest\": \"\(digest)\"")
        }
        if let tag {
            fields.append("\"tag\": \"\(tag)\"")
        }
        if !extra.isEmpty {
            fields.append(extra)
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    @Test func explicitDestinationSucceedsWithTagDrift() async throws {
        let (repository, manifest, digest) = try await ReplicationJobTestKit.pushSourceImage(tag: "v1")
        try await ReplicationJobTestKit.createRepository(repository, region: "us-west-2")
        // The destination has the digest under another tag, and v1 points at a different image.
        try await ReplicationJobTestKit.putManifest(manifest, repository: repository, tag: "other", region: "us-west-2")
        let otherManifest = try await ReplicationJobTestKit.uploadImage(repository, region: "us-west-2")
        let otherDigest = try await ReplicationJobTestKit.putManifest(
            otherManifest,
            repository: repository,
            tag: "v1",
            region: "us-west-2"
        )
        try await withJobServer { server in
            let body = Self.createBody(
                repository: repository,
                tag: "v1",
                extra:
                    "\"destinations\": [{\"region\": \"us-west-2\", \"registryId\": \"\(Self.account)\"}], \"deadlineSeconds\": 20"
            )
            let created = try await server.request(
                "POST",
                "/v1/replication-jobs",
                token: server.operatorToken,
                body: body
            )
            #expect(created.status == 202)
            #expect(created.json["digest"] as? String == digest)
            #expect(created.json["deadlineSeconds"] as? Int == 20)
            let id = try #require(created.json["id"] as? Int)
            let done = try await server.request(
                "GET",
                "/v1/replication-jobs/\(id)?wait=20&history=true",
                token: server.viewerToken
            )
            #expect(done.json["state"] as? String == "succeeded")
            let destination = (done.json["destinations"] as? [[String: Any]])?.first ?? [:]
            #expect(destination["route"] as? String == "explicit")
            #expect(destination["status"] as? String == "verified")
            #expect(destination["tagState"] as? String == "drift")
            #expect(destination["tagDigest"] as? String == otherDigest)
            #expect((done.json["checks"] as? [[String: Any]])?.first?["method"] as? String == "describe-images")
            let audit = try await server.auditEvents(jobId: id)
            #expect(audit.map(\.action) == ["replication-job.create", "replication-job.finish"])
            #expect(audit.first?.actor == "operator")
            #expect(audit.last?.outcome == .succeeded)
        }
    }

    @Test func cancelAndRetryAreAudited() async throws {
        let (repository, _, digest) = try await ReplicationJobTestKit.pushSourceImage()
        try await withJobServer { server in
            let body = Self.createBody(repository: repository, digest: digest, extra: "\"deadlineSeconds\": 300")
            let created = try await server.request(
                "POST",
                "/v1/replication-jobs",
                token: server.operatorToken,
                body: body
            )
            let id = try #require(created.json["id"] as? Int)
            #expect(created.json["destinations"] as? [Any] != nil)
            let viewerCancel = try await server.request(
                "POST",
                "/v1/replication-jobs/\(id)/cancel",
                token: server.viewerToken
            )
            #expect(viewerCancel.status == 403)
            let retryRunning = try await server.request(
                "POST",
                "/v1/replication-jobs/\(id)/retry",
                token: server.operatorToken
            )
            #expect(retryRunning.status == 409)
            let cancelled = try await server.request(
                "POST",
                "/v1/replication-jobs/\(id)/cancel",
                token: server.operatorToken
            )
            #expect(cancelled.status == 200)
            #expect(cancelled.json["state"] as? String == "cancelled")
            #expect(cancelled.json["nextCheckAt"] is NSNull)
            let cancelAgain = try await server.request(
                "POST",
                "/v1/replication-jobs/\(id)/cancel",
                token: server.operatorToken
            )
            #expect(cancelAgain.status == 409)
            let retried = try await server.request(
                "POST",
                "/v1/replication-jobs/\(id)/retry",
                token: server.operatorToken
            )
            #expect(retried.status == 202)
            #expect(retried.json["attempts"] as? Int == 2)
            #expect(["queued", "running"].contains(retried.json["state"] as? String ?? ""))
            let actions = try await server.auditEvents(jobId: id).map(\.action)
            #expect(
                actions == [
                    "replication-job.create", "replication-job.retry", "replication-job.cancel",
                    "replication-job.cancel",
                    "replication-job.retry",
                ]
            )
            let outcomes = try await server.auditEvents(jobId: id).map(\.outcome)
            #expect(outcomes == [.succeeded, .failed, .succeeded, .failed, .succeeded])
            let cancelledList = try await server.request(
                "GET",
                "/v1/replication-jobs?state=queued&digest=\(digest)",
                token: server.viewerToken
            )
            #expect(cancelledList.status == 200)
        }
    }

    @Test func copyModeWithoutCopierFails() async throws {
        let (repository, _, digest) = try await ReplicationJobTestKit.pushSourceImage()
        try await withJobServer { server in
            let body = Self.createBody(
                repository: repository,
                digest: digest,
                extra:
                    "\"mode\": \"copy\", \"destinations\": [{\"region\": \"eu-west-1\", \"registryId\": \"\(Self.account)\"}]"
            )
            let created = try await server.request(
                "POST",
                "/v1/replication-jobs",
                token: server.operatorToken,
                body: body
            )
            #expect(created.status == 202)
            let id = try #require(created.json["id"] as? Int)
            let done = try await server.request("GET", "/v1/replication-jobs/\(id)?wait=15s", token: server.viewerToken)
            #expect(done.json["state"] as? String == "failed")
            let destination = (done.json["destinations"] as? [[String: Any]])?.first ?? [:]
            #expect(destination["copy"] as? Bool == true)
            #expect(destination["status"] as? String == "failed")
            #expect((destination["lastError"] as? String)?.contains("No image copier is configured") == true)
        }
    }

    @Test func copyModeCopiesThenVerifies() async throws {
        let (repository, _, digest) = try await ReplicationJobTestKit.pushSourceImage()
        let copier = ManifestCopier()
        try await withJobServer(copier: copier) { server in
            let body = Self.createBody(
                repository: repository,
                digest: digest,
                extra:
                    "\"mode\": \"copy\", \"destinations\": [{\"region\": \"eu-west-1\", \"registryId\": \"\(Self.account)\"}]"
            )
            let created = try await server.request(
                "POST",
                "/v1/replication-jobs",
                token: server.operatorToken,
                body: body
            )
            let id = try #require(created.json["id"] as? Int)
            let done = try await server.request(
                "GET",
                "/v1/replication-jobs/\(id)?wait=15s&history=true",
                token: server.viewerToken
            )
            #expect(done.json["state"] as? String == "succeeded")
            let destination = (done.json["destinations"] as? [[String: Any]])?.first ?? [:]
            #expect(destination["status"] as? String == "verified")
            #expect((destination["copyReport"] as? [String: Any])?["manifestsPut"] as? Int == 1)
            let methods = (done.json["checks"] as? [[String: Any]] ?? []).compactMap { $0["method"] as? String }
            #expect(methods.reversed().prefix(2) == ["copy", "describe-images"])
            #expect(await copier.calls == 1)
        }
    }

    @Test func invalidRequestsAreRejected() async throws {
        try await withJobServer { server in
            let cases: [(String, Int, String?)] = [
                ("{\"repository\": \"jobs-x\"}", 400, "digest"),
                ("{\"repository\": \"jobs-x\", \"tag\": \"v1\", \"mode\": \"move\"}", 400, "mode"),
                ("{\"repository\": \"jobs-x\", \"tag\": \"v1\", \"deadlineSeconds\": 0}", 400, "deadlineSeconds"),
                ("{\"repository\": \"jobs-x\", \"tag\": \"v1\", \"destinations\": []}", 400, "destinations"),
                ("{\"repository\": \"jobs-nothing-here\", \"tag\": \"v1\"}", 422, nil),
            ]
            for (body, status, field) in cases {
                let reply = try await server.request(
                    "POST",
                    "/v1/replication-jobs",
                    token: server.operatorToken,
                    body: body
                )
                #expect(reply.status == status, "\(body)")
                if let field {
                    #expect(reply.errorFields.contains(field), "\(body)")
                }
            }
            let viewer = try await server.request(
                "POST",
                "/v1/replication-jobs",
                token: server.viewerToken,
                body: "{\"repository\": \"jobs-x\", \"tag\": \"v1\"}"
            )
            #expect(viewer.status == 403)
            let missing = try await server.request("GET", "/v1/replication-jobs/999999", token: server.viewerToken)
            #expect(missing.status == 404)
            for query in ["wait=61s", "wait=abc", "wait=-1", "history=maybe"] {
                let reply = try await server.request(
                    "GET",
                    "/v1/replication-jobs/1?\(query)",
                    token: server.viewerToken
                )
                #expect(reply.status == 400, "\(query)")
            }
            let badState = try await server.request("GET", "/v1/replication-jobs?state=done", token: server.viewerToken)
            #expect(badState.status == 400)
            let badCursor = try await server.request(
                "GET",
                "/v1/replication-jobs?cursor=zzz",
                token: server.viewerToken
            )
            #expect(badCursor.status == 400)
            #expect(badCursor.errorFields == ["cursor"])
        }
    }

    @Test func noMatchingRuleIsUnprocessable() async throws {
        try await ReplicationJobTestKit.configured.value
        let repository = "nojobs-" + UUID().uuidString.prefix(8).lowercased()
        try await ReplicationJobTestKit.createRepository(repository, region: "us-east-1")
        let manifest = try await ReplicationJobTestKit.uploadImage(repository)
        let digest = try await ReplicationJobTestKit.putManifest(
            manifest,
            repository: repository,
            tag: nil,
            region: "us-east-1"
        )
        try await withJobServer { server in
            let reply = try await server.request(
                "POST",
                "/v1/replication-jobs",
                token: server.operatorToken,
                body: Self.createBody(repository: repository, digest: digest)
            )
            #expect(reply.status == 422)
            #expect((reply.json["detail"] as? String)?.contains("matches no replication rule") == true)
        }
    }
}

/// A stand-in for the image copier: puts the source manifest into the destination unchanged, which is
/// enough for moto, and counts its calls.
actor ManifestCopier: ImageCopying {
    private(set) var calls = 0

    nonisolated func copy(
        repository: String,
        digest: String,
        from source: ControlPlane.ReplicationDestination,
        to destination: ControlPlane.ReplicationDestination
    ) async throws -> ImageCopyReport {
        await self.count()
        let aws = ReplicationJobTestKit.aws
        let images = try await aws.ecr(region: source.region).batchGetImage(
            BatchGetImageRequest(repositoryName: repository, imageIds: [ImageIdentifier(imageDigest: digest)])
        )
        let manifest = try #require(images.images?.first?.imageManifest)
        try await ReplicationJobTestKit.createRepository(repository, region: destination.region)
        try await ReplicationJobTestKit.putManifest(
            manifest,
            repository: repository,
            tag: nil,
            region: destination.region
        )
        return ImageCopyReport(
            createdRepository: true,
            manifestsPut: 1,
            blobsCopied: 0,
            blobsPresent: 0,
            bytesCopied: 0
        )
    }

    private func count() {
        self.calls += 1
    }
}
