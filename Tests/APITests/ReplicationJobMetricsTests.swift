import AWSClient
import ControlPlane
import Foundation
import Testing

/// A finished job's verification results reach CloudWatch through the publisher the server gives the runner.
@Suite(.enabled(if: ReplicationJobTestKit.motoAvailable))
struct ReplicationJobMetricsTests {
    @Test func verifiedJobPublishesCloudWatchMetrics() async throws {
        // A namespace of its own, so metrics other suites publish in us-east-1 are not counted.
        let namespace = "ECPJobMetrics\(UInt32.random(in: 0...UInt32.max))"
        let cloudWatch = ReplicationJobTestKit.aws.cloudWatch(region: ReplicationJobTestKit.sourceRegion)
        let publisher = CloudWatchMetricsPublisher(cloudWatch: cloudWatch, namespace: namespace)
        let (repository, manifest, digest) = try await ReplicationJobTestKit.pushSourceImage(tag: "v1")
        try await ReplicationJobTestKit.createRepository(repository, region: "us-west-2")
        try await ReplicationJobTestKit.putManifest(manifest, repository: repository, tag: "v1", region: "us-west-2")

        try await withJobServer(sinks: [publisher]) { server in
            let body = """
                {"repository": "\(repository)", "digest": "\(digest)", "deadlineSeconds": 20,
                 "destinations": [{"region": "us-west-2", "registryId": "\(ReplicationJobTestKit.account)"}]}
                """
            let created = try await server.request(
                "POST",
                "/v1/replication-jobs",
                token: server.operatorToken,
                body: body
            )
            let id = try #require(created.json["id"] as? Int)
            let done = try await server.request("GET", "/v1/replication-jobs/\(id)?wait=20", token: server.viewerToken)
            #expect(done.json["state"] as? String == "succeeded")
        }

        let sent = await publisher.flush()
        #expect(sent > 0)
        let listed = try await cloudWatch.listMetrics(ListMetricsRequest(namespace: namespace)).metrics ?? []
        let names = Set(listed.compactMap(\.metricName))
        #expect(names.contains("ReplicationLatency"))
        #expect(names.contains("ReplicationVerified"))
        let repositories = listed.flatMap { $0.dimensions ?? [] }.filter { $0.name == "Repository" }.map(\.value)
        #expect(repositories.contains(repository))
    }
}
