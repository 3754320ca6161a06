import AWSClient
import ControlPlane
import Foundation
import Testing

/// `/v1/cleanup-runs` against moto in eu-north-1. moto stamps every image with the current time and has no
/// way to set `imagePushedAt`. These tests therefore plan with `untaggedOlderThanDays: 0`, which selects
/// every untagged image pushed before the plan. `CleanupPlannerTests` covers the day cutoff with an injected clock.
@Suite(.enabled(if: MonitoringTestSupport.motoAvailable))
struct CleanupRunTests {
    typealias Kit = MonitoringTestSupport

    static func planBody(_ repository: String, days: Int, dryRun: Bool = true) -> String {
        #"{"repositoryPrefix": "\#(repository)", "untaggedOlderThanDays": \#(days), "dryRun": \#(dryRun)}"#
    }

    static func plan(_ reply: TestApplication.Reply) -> [[String: Any]] {
        reply.json["plan"] as? [[String: Any]] ?? []
    }

    @Test func planListsOldUntaggedAndApplyDeletesOnlyThose() async throws {
        try await Kit.replicateToDestination()
        let repository = Kit.uniqueRepository("cleanup")
        try await Kit.createRepository(repository)
        defer { Task { await Kit.deleteRepository(repository) } }
        let untaggedA = try await Kit.pushImage(repository, tag: nil)
        let untaggedB = try await Kit.pushImage(repository, tag: nil)
        let tagged = try await Kit.pushImage(repository, tag: "v1")
        let child = try await Kit.pushImage(repository, tag: nil)
        let index = try await Kit.pushIndex(repository, manifests: [child], tag: "multi")
        try await Task.sleep(for: .seconds(1.1))

        try await withApplication(sourceRegion: Kit.sourceRegion) { app in
            let fresh = try await app.request(
                "POST",
                "/v1/cleanup-runs",
                token: app.operatorToken,
                body: Self.planBody(repository, days: 1)
            )
            #expect(fresh.status == 201)
            #expect(Self.plan(fresh).isEmpty)

            let planned = try await app.request(
                "POST",
                "/v1/cleanup-runs",
                token: app.operatorToken,
                body: Self.planBody(repository, days: 0)
            )
            #expect(planned.status == 201)
            let id = try #require(planned.json["id"] as? Int)
            #expect(planned.headers["location"] == "/v1/cleanup-runs/\(id)")
            #expect(planned.json["state"] as? String == "planned")
            let items = Self.plan(planned)
            #expect(Set(items.compactMap { $0["imageDigest"] as? String }) == [untaggedA, untaggedB])
            #expect(items.count == 2)
            #expect(items.allSatisfy { $0["region"] as? String == Kit.sourceRegion })
            #expect(items.allSatisfy { $0["repository"] as? String == repository })
            #expect(items.allSatisfy { ($0["reason"] as? String)?.hasPrefix("untagged") == true })
            // The replica region is covered too; the replica does not exist, so it is reported as skipped.
            let skipped = planned.json["skipped"] as? [String] ?? []
            #expect(skipped.contains { $0.hasPrefix("\(Kit.destinationRegion)/\(repository)") })

            let stored = try await app.request("GET", "/v1/cleanup-runs/\(id)", token: app.viewerToken)
            #expect(stored.status == 200)
            #expect(Self.plan(stored).count == 2)

            let pushedAfterPlan = try await Kit.pushImage(repository, tag: nil)
            let applied = try await app.request("POST", "/v1/cleanup-runs/\(id)/apply", token: app.operatorToken)
            #expect(applied.status == 200)
            #expect(applied.json["state"] as? String == "applied")
            #expect(Self.plan(applied).allSatisfy { $0["outcome"] as? String == "deleted" })
            #expect(try await Kit.digests(repository) == [tagged, child, index, pushedAfterPlan])

            let events = try await Kit.auditEvents(
                app,
                action: "cleanup.image.delete",
                targetPrefix: "image:\(Kit.sourceRegion)/\(repository)@"
            )
            #expect(events.count == 2)
            #expect(events.allSatisfy { $0.outcome == .succeeded })

            let again = try await app.request("POST", "/v1/cleanup-runs/\(id)/apply", token: app.operatorToken)
            #expect(again.status == 409)
            let list = try await app.request("GET", "/v1/cleanup-runs?limit=1", token: app.viewerToken)
            #expect(list.status == 200)
            #expect(((list.json["items"] as? [[String: Any]])?.first?["id"] as? Int) == id)
            #expect(list.json["next"] as? String == String(id))
        }
    }

    @Test func imageDeletedBeforeApplyIsReportedWithItsCode() async throws {
        try await Kit.replicateToDestination()
        let repository = Kit.uniqueRepository("cleanup-gone")
        try await Kit.createRepository(repository)
        defer { Task { await Kit.deleteRepository(repository) } }
        let survivor = try await Kit.pushImage(repository, tag: nil)
        let deletedEarly = try await Kit.pushImage(repository, tag: nil)
        try await Task.sleep(for: .seconds(1.1))
        try await withApplication(sourceRegion: Kit.sourceRegion) { app in
            let planned = try await app.request(
                "POST",
                "/v1/cleanup-runs",
                token: app.operatorToken,
                body: Self.planBody(repository, days: 0)
            )
            let id = try #require(planned.json["id"] as? Int)
            _ = try await Kit.ecr().batchDeleteImage(
                BatchDeleteImageRequest(
                    repositoryName: repository,
                    imageIds: [ImageIdentifier(imageDigest: deletedEarly)]
                )
            )
            let applied = try await app.request("POST", "/v1/cleanup-runs/\(id)/apply", token: app.operatorToken)
            #expect(applied.status == 200)
            let byDigest = Dictionary(
                Self.plan(applied).map { ($0["imageDigest"] as? String ?? "", $0) },
                uniquingKeysWith: { a, _ in a }
            )
            #expect(byDigest[survivor]?["outcome"] as? String == "deleted")
            #expect(byDigest[deletedEarly]?["outcome"] as? String == "failed")
            #expect(byDigest[deletedEarly]?["failureCode"] as? String == "ImageNotFound")
            let failures = try await Kit.auditEvents(
                app,
                action: "cleanup.image.delete",
                targetPrefix: "image:\(Kit.sourceRegion)/\(repository)@\(deletedEarly)"
            )
            #expect(failures.count == 1)
            #expect(failures.first?.outcome == .failed)
            #expect(failures.first?.failure?.code == "ImageNotFound")
        }
    }

    @Test func imagesChangedSincePlanAreKept() async throws {
        try await Kit.replicateToDestination()
        let repository = Kit.uniqueRepository("cleanup-changed")
        try await Kit.createRepository(repository)
        defer { Task { await Kit.deleteRepository(repository) } }
        let tagLater = try await Kit.pushImage(repository, tag: nil)
        let listLater = try await Kit.pushImage(repository, tag: nil)
        let stillUntagged = try await Kit.pushImage(repository, tag: nil)
        try await Task.sleep(for: .seconds(1.1))
        try await withApplication(sourceRegion: Kit.sourceRegion) { app in
            let planned = try await app.request(
                "POST",
                "/v1/cleanup-runs",
                token: app.operatorToken,
                body: Self.planBody(repository, days: 0)
            )
            let id = try #require(planned.json["id"] as? Int)
            #expect(Self.plan(planned).count == 3)
            try await Kit.tagImage(repository, digest: tagLater, tag: "keep-me")
            let index = try await Kit.pushIndex(repository, manifests: [listLater], tag: "multi")

            let applied = try await app.request("POST", "/v1/cleanup-runs/\(id)/apply", token: app.operatorToken)
            #expect(applied.status == 200)
            let byDigest = Dictionary(
                Self.plan(applied).map { ($0["imageDigest"] as? String ?? "", $0) },
                uniquingKeysWith: { first, _ in first }
            )
            #expect(byDigest[tagLater]?["failureCode"] as? String == "TaggedSincePlan")
            #expect(byDigest[listLater]?["failureCode"] as? String == "ReferencedSincePlan")
            #expect(byDigest[stillUntagged]?["outcome"] as? String == "deleted")
            #expect(try await Kit.digests(repository) == [tagLater, listLater, index])
        }
    }

    @Test func invalidRequestsAreRejected() async throws {
        try await withApplication(sourceRegion: Kit.sourceRegion) { app in
            let empty = try await app.request(
                "POST",
                "/v1/cleanup-runs",
                token: app.operatorToken,
                body: #"{"repositoryPrefix": "", "untaggedOlderThanDays": -1}"#
            )
            #expect(empty.status == 400)
            #expect(Set(empty.errorFields) == ["repositoryPrefix", "untaggedOlderThanDays"])
            let missing = try await app.request(
                "POST",
                "/v1/cleanup-runs",
                token: app.operatorToken,
                body: #"{"repositoryPrefix": "a"}"#
            )
            #expect(missing.status == 400)
            #expect(missing.errorFields == ["untaggedOlderThanDays"])
            let unknownRule = try await app.request(
                "POST",
                "/v1/cleanup-runs",
                token: app.operatorToken,
                body:
                    #"{"repositoryPrefix": "a", "untaggedOlderThanDays": 1, "taggedRules": [{"tagPrefixes": ["dev"], "olderThanDays": 1, "keep": 2}]}"#
            )
            #expect(unknownRule.status == 400)
            #expect(unknownRule.errorFields == ["taggedRules[0].keep"])
            let viewer = try await app.request(
                "POST",
                "/v1/cleanup-runs",
                token: app.viewerToken,
                body: Self.planBody("a", days: 1)
            )
            #expect(viewer.status == 403)
            let notFound = try await app.request("GET", "/v1/cleanup-runs/987654", token: app.viewerToken)
            #expect(notFound.status == 404)
            let badId = try await app.request("POST", "/v1/cleanup-runs/abc/apply", token: app.operatorToken)
            #expect(badId.status == 400)
            let badCursor = try await app.request("GET", "/v1/cleanup-runs?cursor=x", token: app.viewerToken)
            #expect(badCursor.status == 400)
        }
    }
}
