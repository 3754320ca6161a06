import ControlPlane
import Foundation
import Testing

/// `GET /v1/reports/replication` through the real server, from jobs the runner finished against moto.
@Suite(.enabled(if: ReplicationJobTestKit.motoAvailable))
struct ReplicationReportTests {
    static let account = ReplicationJobTestKit.account

    /// Pushes an image to the source and to us-west-2 only, and runs a job for both destinations to its end.
    static func finishedJob(on server: ReplicationJobTestServer) async throws -> (repository: String, digest: String) {
        let (repository, manifest, digest) = try await ReplicationJobTestKit.pushSourceImage(tag: "v1")
        try await ReplicationJobTestKit.createRepository(repository, region: "us-west-2")
        try await ReplicationJobTestKit.putManifest(manifest, repository: repository, tag: "v1", region: "us-west-2")
        let body = """
            {"repository": "\(repository)", "digest": "\(digest)", "deadlineSeconds": 3, "destinations": [
              {"region": "us-west-2", "registryId": "\(Self.account)"},
              {"region": "eu-west-1", "registryId": "\(Self.account)"}]}
            """
        let created = try await server.request("POST", "/v1/replication-jobs", token: server.operatorToken, body: body)
        #expect(created.status == 202)
        let id = try #require(created.json["id"] as? Int)
        let done = try await server.request("GET", "/v1/replication-jobs/\(id)?wait=20", token: server.viewerToken)
        #expect(done.json["state"] as? String == "failed")
        return (repository, digest)
    }

    @Test func jsonListsEveryDestination() async throws {
        try await withJobServer { server in
            let (repository, digest) = try await Self.finishedJob(on: server)
            let reply = try await server.request(
                "GET",
                "/v1/reports/replication?repositoryPrefix=\(repository)",
                token: server.viewerToken
            )
            #expect(reply.status == 200)
            let rows = try #require(reply.json["rows"] as? [[String: Any]])
            #expect(rows.map { $0["region"] as? String } == ["eu-west-1", "us-west-2"])
            #expect(rows.allSatisfy { $0["digest"] as? String == digest })
            #expect(rows.first?["status"] as? String == "missing")
            #expect(rows.first?["latencySeconds"] is NSNull)
            #expect(rows.last?["status"] as? String == "verified")
            #expect((rows.last?["latencySeconds"] as? Double ?? -1) >= 0)
            #expect(rows.last?["lastVerifiedAt"] is String)
            #expect(rows.last?["jobState"] as? String == "failed")
            let summary = try #require(reply.json["summary"] as? [String: Any])
            #expect(summary["repositories"] as? Int == 1)
            #expect(summary["digests"] as? Int == 1)
            #expect(summary["verified"] as? Int == 1)
            #expect(summary["missing"] as? Int == 1)
        }
    }

    @Test func csvHasHeaderAndRows() async throws {
        try await withJobServer { server in
            let (repository, digest) = try await Self.finishedJob(on: server)
            let reply = try await server.request(
                "GET",
                "/v1/reports/replication?format=csv&repositoryPrefix=\(repository)",
                token: server.viewerToken
            )
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == "text/csv; charset=utf-8")
            let text = String(decoding: reply.body, as: UTF8.self)
            let lines = text.components(separatedBy: "\r\n")
            #expect(lines.count == 4)
            #expect(lines.first == ReplicationReport.csvColumns.joined(separator: ","))
            // The job names a digest, not a tag, so the tag column is empty.
            #expect(lines[1].hasPrefix("\(repository),\(digest),,"))
            #expect(lines[1].contains(",eu-west-1,\(Self.account),missing,,"))
            #expect(lines[2].contains(",us-west-2,\(Self.account),verified,"))
            #expect(lines[1].split(separator: ",", omittingEmptySubsequences: false).count == 12)
            #expect(lines.last == "")
        }
    }

    @Test func newestJobPerDigestWins() async throws {
        try await withJobServer { server in
            let (repository, digest) = try await Self.finishedJob(on: server)
            let body = """
                {"repository": "\(repository)", "digest": "\(digest)", "deadlineSeconds": 10,
                 "destinations": [{"region": "us-west-2", "registryId": "\(Self.account)"}]}
                """
            let created = try await server.request(
                "POST",
                "/v1/replication-jobs",
                token: server.operatorToken,
                body: body
            )
            let id = try #require(created.json["id"] as? Int)
            _ = try await server.request("GET", "/v1/replication-jobs/\(id)?wait=20", token: server.viewerToken)
            let reply = try await server.request(
                "GET",
                "/v1/reports/replication?repositoryPrefix=\(repository)",
                token: server.viewerToken
            )
            let rows = try #require(reply.json["rows"] as? [[String: Any]])
            #expect(rows.count == 1)
            #expect(rows.first?["jobId"] as? Int == id)
            #expect(rows.first?["jobState"] as? String == "succeeded")
        }
    }

    @Test(arguments: [
        ("format=xml", "format"), ("digests=0", "digests"), ("digests=101", "digests"), ("digests=x", "digests"),
    ])
    func invalidQueryNamesTheField(query: String, field: String) async throws {
        try await withJobServer { server in
            let reply = try await server.request("GET", "/v1/reports/replication?\(query)", token: server.viewerToken)
            #expect(reply.status == 400)
            #expect(reply.errorFields.contains(field))
        }
    }

    @Test func digestsLimitsEachRepository() async throws {
        try await withJobServer { server in
            let (repository, _) = try await Self.finishedJob(on: server)
            // A second, newer digest in the same repository.
            let manifest = try await ReplicationJobTestKit.uploadImage(repository)
            let newer = try await ReplicationJobTestKit.putManifest(
                manifest,
                repository: repository,
                tag: "v2",
                region: ReplicationJobTestKit.sourceRegion
            )
            let body = """
                {"repository": "\(repository)", "digest": "\(newer)", "deadlineSeconds": 1,
                 "destinations": [{"region": "eu-west-1", "registryId": "\(Self.account)"}]}
                """
            let created = try await server.request(
                "POST",
                "/v1/replication-jobs",
                token: server.operatorToken,
                body: body
            )
            #expect(created.status == 202)
            let newest = try await server.request(
                "GET",
                "/v1/reports/replication?repositoryPrefix=\(repository)&digests=1",
                token: server.viewerToken
            )
            let newestRows = try #require(newest.json["rows"] as? [[String: Any]])
            #expect(newestRows.map { $0["digest"] as? String } == [newer])
            let both = try await server.request(
                "GET",
                "/v1/reports/replication?repositoryPrefix=\(repository)&digests=2",
                token: server.viewerToken
            )
            let bothRows = try #require(both.json["rows"] as? [[String: Any]])
            #expect(bothRows.count == 3)
            #expect(bothRows.first?["digest"] as? String == newer)
        }
    }
}
