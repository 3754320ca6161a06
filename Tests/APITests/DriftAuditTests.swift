import AWSClient
import ControlPlane
import Foundation
import Testing

/// `/v1/audits` against moto: eu-north-1 replicates `ecpmon/` repositories to eu-south-1. Other suites of
/// this group create repositories under the same prefix at the same time, so each check looks only at the
/// findings of the repositories this test created.
@Suite(.enabled(if: MonitoringTestSupport.motoAvailable))
struct DriftAuditTests {
    typealias Kit = MonitoringTestSupport

    static let lifecycle = """
        {"rules":[{"rulePriority":1,"description":"Expire untagged","selection":{"tagStatus":"untagged",\
        "countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}
        """

    static func findings(_ reply: TestApplication.Reply, repository: String) -> [[String: Any]] {
        (reply.json["findings"] as? [[String: Any]] ?? []).filter { $0["repository"] as? String == repository }
    }

    @Test func auditFindsDriftAndRemediationFixesIt() async throws {
        try await Kit.replicateToDestination()
        let drifted = Kit.uniqueRepository("drift")
        let unreplicated = Kit.uniqueRepository("drift-missing")
        defer {
            Task {
                await Kit.deleteRepository(drifted)
                await Kit.deleteRepository(unreplicated)
            }
        }
        try await Kit.createRepository(drifted, scanOnPush: true, mutability: .immutable)
        _ = try await Kit.ecr().putLifecyclePolicy(
            PutLifecyclePolicyRequest(repositoryName: drifted, lifecyclePolicyText: Self.lifecycle)
        )
        // ECR creates replicas with default settings: no scan on push, mutable tags, no policies.
        try await Kit.createRepository(drifted, region: Kit.destinationRegion)
        try await Kit.createRepository(unreplicated, scanOnPush: true)

        try await withApplication(sourceRegion: Kit.sourceRegion) { app in
            let audit = try await app.request("POST", "/v1/audits", token: app.operatorToken)
            #expect(audit.status == 201)
            let id = try #require(audit.json["id"] as? Int)
            #expect(audit.headers["location"] == "/v1/audits/\(id)")
            let findings = Self.findings(audit, repository: drifted)
            #expect(Set(findings.compactMap { $0["kind"] as? String }) == ["settingsDiffer", "lifecyclePolicyMissing"])
            #expect(findings.allSatisfy { $0["region"] as? String == Kit.destinationRegion })
            #expect(findings.allSatisfy { !($0["fix"] as? String ?? "").isEmpty })
            #expect(findings.allSatisfy { ["low", "medium", "high"].contains($0["severity"] as? String ?? "") })
            let settings = findings.first { $0["kind"] as? String == "settingsDiffer" }
            #expect((settings?["detail"] as? String)?.contains("scanOnPush is false") == true)
            #expect((settings?["detail"] as? String)?.contains("tag mutability is MUTABLE") == true)
            let missing = Self.findings(audit, repository: unreplicated)
            #expect(missing.compactMap { $0["kind"] as? String } == ["replicaMissing"])

            let ids = (findings + missing).compactMap { $0["id"] as? String }
            let idList = ids.map { "\"\($0)\"" }.joined(separator: ", ")
            let remediated = try await app.request(
                "POST",
                "/v1/audits/\(id)/remediate",
                token: app.operatorToken,
                body: #"{"findingIds": [\#(idList)]}"#
            )
            #expect(remediated.status == 200)
            let outcomes = (remediated.json["findings"] as? [[String: Any]] ?? []).filter {
                ids.contains($0["id"] as? String ?? "")
            }
            #expect(outcomes.count == 3)
            #expect(outcomes.allSatisfy { $0["remediationOutcome"] as? String == "remediated" })

            let replica = try #require(
                try await Kit.ecr(Kit.destinationRegion).describeRepositories(
                    DescribeRepositoriesRequest(repositoryNames: [drifted])
                )
                .repositories?.first
            )
            #expect(replica.imageScanningConfiguration?.scanOnPush == true)
            #expect(replica.imageTagMutability == .immutable)
            let policy = try await Kit.ecr(Kit.destinationRegion).getLifecyclePolicy(
                LifecyclePolicyRequest(repositoryName: drifted)
            )
            #expect(policy.lifecyclePolicyText != nil)
            let created = try await Kit.ecr(Kit.destinationRegion)
                .describeRepositories(DescribeRepositoriesRequest(repositoryNames: [unreplicated])).repositories?.first
            #expect(created?.imageScanningConfiguration?.scanOnPush == true)

            let events = try await Kit.auditEvents(
                app,
                action: "drift.remediate",
                targetPrefix: "repository:\(drifted)"
            )
            #expect(events.count == 2)
            #expect(events.contains { $0.target == "repository:\(drifted)/lifecycle-policy" })

            let second = try await app.request("POST", "/v1/audits", token: app.operatorToken)
            #expect(second.status == 201)
            #expect(Self.findings(second, repository: drifted).isEmpty)
            #expect(Self.findings(second, repository: unreplicated).isEmpty)

            let fetched = try await app.request("GET", "/v1/audits/\(id)", token: app.viewerToken)
            #expect(fetched.status == 200)
            #expect(Self.findings(fetched, repository: drifted).count == 2)
            let list = try await app.request("GET", "/v1/audits", token: app.viewerToken)
            #expect(list.status == 200)
            #expect((list.json["items"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test func invalidRemediationRequestsAreRejected() async throws {
        try await withApplication(sourceRegion: Kit.sourceRegion) { app in
            let notFound = try await app.request("GET", "/v1/audits/424242", token: app.viewerToken)
            #expect(notFound.status == 404)
            let missingAudit = try await app.request("POST", "/v1/audits/424242/remediate", token: app.operatorToken)
            #expect(missingAudit.status == 404)
            let unknownMember = try await app.request(
                "POST",
                "/v1/audits",
                token: app.operatorToken,
                body: #"{"scope": "all"}"#
            )
            #expect(unknownMember.status == 400)
            #expect(unknownMember.errorFields == ["scope"])
            let viewer = try await app.request("POST", "/v1/audits", token: app.viewerToken)
            #expect(viewer.status == 403)
        }
    }
}
