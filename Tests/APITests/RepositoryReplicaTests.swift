import AWSClient
import ControlPlane
import Foundation
import Testing

/// Replicas: the repository of the same name in each destination of the matching replication rule.
///
/// The replication configuration is registry-wide per region and tests share one moto, so this suite
/// is the only user of its source region's configuration (no other suite may use ap-south-1), and its
/// tests run one at a time.
@Suite(.serialized, .enabled(if: RepositoryTestKit.motoAvailable))
struct RepositoryReplicaTests {
    static let sourceRegion = "ap-south-1"
    static let replicaRegion = "ap-northeast-2"

    /// Replaces the source region's replication configuration with one rule (moto accepts only one) that
    /// sends repositories starting with `prefix` to the replica region.
    static func replicate(prefix: String) async throws {
        let rule = ECRReplicationRule(
            destinations: [
                ECRReplicationDestination(region: Self.replicaRegion, registryId: RepositoryTestKit.motoAccount)
            ],
            repositoryFilters: [ECRRepositoryFilter(filter: prefix)]
        )
        _ = try await RepositoryTestKit.aws.ecr(region: Self.sourceRegion).putReplicationConfiguration(
            PutReplicationConfigurationRequest(replicationConfiguration: ECRReplicationConfiguration(rules: [rule]))
        )
    }

    static func replicas(_ reply: TestApplication.Reply) -> [[String: Any]] {
        reply.json["replicas"] as? [[String: Any]] ?? []
    }

    @Test func replicaLifecycleThroughTheAPI() async throws {
        try await withApplication(sourceRegion: Self.sourceRegion) { app in
            let prefix = RepositoryTestKit.uniqueName("replica")
            try await Self.replicate(prefix: prefix)
            let name = "\(prefix)/app"
            let body = """
                {"name": "\(name)", "scanOnPush": true, "tagMutability": "IMMUTABLE", "tags": {"team": "platform"}}
                """
            let created = try await app.request(
                "POST",
                "/v1/repositories?replicas=true",
                token: app.adminToken,
                body: body
            )
            #expect(created.status == 201)
            let createdReplicas = Self.replicas(created)
            #expect(createdReplicas.count == 1)
            #expect(createdReplicas.first?["region"] as? String == Self.replicaRegion)
            #expect(createdReplicas.first?["outcome"] as? String == "succeeded")
            let replica = try #require(try await RepositoryTestKit.describe(name, region: Self.replicaRegion))
            #expect(replica.imageScanningConfiguration?.scanOnPush == true)
            #expect(replica.imageTagMutability == .immutable)
            let createEvents = try await RepositoryTestKit.auditEvents(app, action: "repository.create", name: name)
            #expect(createEvents.count == 2)
            #expect(createEvents.first?.after?.contains("\"region\":\"\(Self.replicaRegion)\"") == true)

            let matching = try await app.request("GET", "/v1/repositories/\(name)", token: app.viewerToken)
            #expect(matching.status == 200)
            #expect(matching.json["replicationRules"] as? [Int] == [0])
            let matchingStatus = Self.replicas(matching).first ?? [:]
            #expect(matchingStatus["exists"] as? Bool == true)
            #expect(matchingStatus["settingsMatch"] as? Bool == true)
            #expect(matchingStatus["lifecyclePolicyMatch"] as? Bool == true)
            #expect(matchingStatus["repositoryPolicyMatch"] as? Bool == true)

            // Change the replica behind the server's back, and give only the source a lifecycle policy.
            let replicaECR = RepositoryTestKit.aws.ecr(region: Self.replicaRegion)
            _ = try await replicaECR.putImageScanningConfiguration(
                PutImageScanningConfigurationRequest(
                    repositoryName: name,
                    imageScanningConfiguration: ImageScanningConfiguration(scanOnPush: false)
                )
            )
            let lifecycle = """
                {"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan",\
                "countNumber":100},"action":{"type":"expire"}}]}
                """
            _ = try await RepositoryTestKit.aws.ecr(region: Self.sourceRegion).putLifecyclePolicy(
                PutLifecyclePolicyRequest(repositoryName: name, lifecyclePolicyText: lifecycle)
            )
            let drifted = try await app.request("GET", "/v1/repositories/\(name)", token: app.viewerToken)
            let driftedStatus = Self.replicas(drifted).first ?? [:]
            #expect(driftedStatus["exists"] as? Bool == true)
            #expect(driftedStatus["settingsMatch"] as? Bool == false)
            #expect(driftedStatus["settingsDifferences"] as? [String] == ["scanOnPush"])
            #expect(driftedStatus["lifecyclePolicyMatch"] as? Bool == false)
            #expect((driftedStatus["repository"] as? [String: Any])?["scanOnPush"] as? Bool == false)

            let updated = try await app.request(
                "PATCH",
                "/v1/repositories/\(name)?replicas=true",
                token: app.adminToken,
                body: "{\"scanOnPush\": true, \"tagMutability\": \"MUTABLE\"}"
            )
            #expect(updated.status == 200)
            #expect(Self.replicas(updated).first?["outcome"] as? String == "succeeded")
            let updatedReplica = try await RepositoryTestKit.describe(name, region: Self.replicaRegion)
            #expect(updatedReplica?.imageScanningConfiguration?.scanOnPush == true)
            #expect(updatedReplica?.imageTagMutability == .mutable)
            let updateEvents = try await RepositoryTestKit.auditEvents(app, action: "repository.update", name: name)
            #expect(updateEvents.count == 2)
            #expect(updateEvents.first?.before?.contains("\"scanOnPush\":false") == true)

            let deleted = try await app.request(
                "DELETE",
                "/v1/repositories/\(name)?replicas=true",
                token: app.adminToken
            )
            #expect(deleted.status == 200)
            #expect(Self.replicas(deleted).first?["outcome"] as? String == "succeeded")
            #expect(try await RepositoryTestKit.describe(name, region: Self.sourceRegion) == nil)
            #expect(try await RepositoryTestKit.describe(name, region: Self.replicaRegion) == nil)
        }
    }

    @Test func existingReplicaIsReportedAsFailed() async throws {
        try await withApplication(sourceRegion: Self.sourceRegion) { app in
            let prefix = RepositoryTestKit.uniqueName("preexisting")
            try await Self.replicate(prefix: prefix)
            let name = "\(prefix)/app"
            // ECR replication would have created this replica with default settings.
            try await RepositoryTestKit.create(name, region: Self.replicaRegion)
            let created = try await app.request(
                "POST",
                "/v1/repositories?replicas=true",
                token: app.adminToken,
                body: "{\"name\": \"\(name)\", \"scanOnPush\": true}"
            )
            #expect(created.status == 201)
            let replica = Self.replicas(created).first ?? [:]
            #expect(replica["outcome"] as? String == "failed")
            #expect((replica["error"] as? [String: Any])?["code"] as? String == "RepositoryAlreadyExistsException")
            let events = try await RepositoryTestKit.auditEvents(app, action: "repository.create", name: name)
            #expect(events.map(\.outcome) == [.failed, .succeeded])

            let policy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow",\
                "Principal":{"AWS":"arn:aws:iam::\(RepositoryTestKit.motoAccount):root"},"Action":["ecr:BatchGetImage"]}]}
                """
            _ = try await RepositoryTestKit.aws.ecr(region: Self.sourceRegion).setRepositoryPolicy(
                SetRepositoryPolicyRequest(repositoryName: name, policyText: policy)
            )
            let detail = try await app.request("GET", "/v1/repositories/\(name)", token: app.viewerToken)
            let status = Self.replicas(detail).first ?? [:]
            #expect(status["exists"] as? Bool == true)
            #expect(status["settingsDifferences"] as? [String] == ["scanOnPush"])
            #expect(status["repositoryPolicyMatch"] as? Bool == false)
            #expect(detail.json["repositoryPolicy"] as? String != nil)

            _ = try await RepositoryTestKit.aws.ecr(region: Self.replicaRegion).setRepositoryPolicy(
                SetRepositoryPolicyRequest(repositoryName: name, policyText: policy)
            )
            let aligned = try await app.request("GET", "/v1/repositories/\(name)", token: app.viewerToken)
            #expect(Self.replicas(aligned).first?["repositoryPolicyMatch"] as? Bool == true)
        }
    }

    @Test func missingReplicaIsReported() async throws {
        try await withApplication(sourceRegion: Self.sourceRegion) { app in
            let prefix = RepositoryTestKit.uniqueName("noreplica")
            try await Self.replicate(prefix: prefix)
            let name = "\(prefix)-app"
            let created = try await app.request(
                "POST",
                "/v1/repositories",
                token: app.adminToken,
                body: "{\"name\": \"\(name)\"}"
            )
            #expect(created.status == 201)
            #expect(Self.replicas(created).isEmpty)

            let detail = try await app.request("GET", "/v1/repositories/\(name)", token: app.viewerToken)
            let status = Self.replicas(detail).first ?? [:]
            #expect(status["region"] as? String == Self.replicaRegion)
            #expect(status["exists"] as? Bool == false)
            #expect(status["settingsMatch"] == nil)

            let updated = try await app.request(
                "PATCH",
                "/v1/repositories/\(name)?replicas=true",
                token: app.adminToken,
                body: "{\"scanOnPush\": true}"
            )
            #expect(updated.status == 200)
            let updatedReplica = Self.replicas(updated).first ?? [:]
            #expect(updatedReplica["outcome"] as? String == "failed")
            #expect((updatedReplica["error"] as? [String: Any])?["code"] as? String == "RepositoryNotFoundException")
            let updateEvents = try await RepositoryTestKit.auditEvents(app, action: "repository.update", name: name)
            #expect(updateEvents.map(\.outcome) == [.failed, .succeeded])

            let deleted = try await app.request(
                "DELETE",
                "/v1/repositories/\(name)?replicas=true",
                token: app.adminToken
            )
            #expect(deleted.status == 200)
            #expect(Self.replicas(deleted).first?["outcome"] as? String == "failed")
            #expect(try await RepositoryTestKit.describe(name, region: Self.sourceRegion) == nil)
        }
    }
}
