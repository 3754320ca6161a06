import ControlPlane
import Foundation
import Testing

/// `POST /v1/webhooks/eventbridge` with the events ECR sends through EventBridge.
@Suite(.enabled(if: ReplicationJobTestKit.motoAvailable))
struct WebhookEventBridgeTests {
    static let secretHeader = ["X-EventBridge-Secret": ReplicationJobTestKit.eventBridgeSecret]

    static func event(
        id: String = UUID().uuidString,
        type: String,
        region: String,
        repository: String,
        digest: String,
        action: String,
        result: String = "SUCCESS"
    ) -> String {
        """
        {"version": "0", "id": "\(id)", "detail-type": "\(type)", "source": "aws.ecr", \
        "account": "\(ReplicationJobTestKit.account)", "time": "2026-12-04T10:00:00Z", "region": "\(region)", \
        "resources": [], "detail": {"result": "\(result)", "repository-name": "\(repository)", \
        "image-digest": "\(digest)", "action-type": "\(action)", "image-tag": "v1", \
        "source-account": "\(ReplicationJobTestKit.account)", "source-region": "us-east-1"}}
        """
    }

    @Test func pushCreatesJobAndReplicationEventsSettleIt() async throws {
        let (repository, _, digest) = try await ReplicationJobTestKit.pushSourceImage()
        try await withJobServer(deadlineSeconds: 60) { server in
            let push = Self.event(
                type: "ECR Image Action",
                region: "us-east-1",
                repository: repository,
                digest: digest,
                action: "PUSH"
            )
            let created = try await server.request(
                "POST",
                "/v1/webhooks/eventbridge",
                token: nil,
                body: push,
                headers: Self.secretHeader
            )
            #expect(created.status == 202)
            let id = try #require(created.json["id"] as? Int)
            #expect(created.json["trigger"] as? String == "event")
            #expect(created.json["requester"] as? String == "webhook:eventbridge")
            #expect(created.headers["location"] == "/v1/replication-jobs/\(id)")
            let again = try await server.request(
                "POST",
                "/v1/webhooks/eventbridge",
                token: nil,
                body: push,
                headers: Self.secretHeader
            )
            #expect(again.json["id"] as? Int == id)

            for (region, result) in [("us-west-2", "SUCCESS"), ("eu-west-1", "FAILED")] {
                let replicated = Self.event(
                    type: "ECR Replication Action",
                    region: region,
                    repository: repository,
                    digest: digest,
                    action: "REPLICATE",
                    result: result
                )
                let reply = try await server.request(
                    "POST",
                    "/v1/webhooks/eventbridge",
                    token: nil,
                    body: replicated,
                    headers: Self.secretHeader
                )
                #expect(reply.status == 200)
                #expect(reply.json["outcome"] as? String == "updated")
                #expect(reply.json["jobIds"] as? [Int] == [id])
            }

            let done = try await server.request(
                "GET",
                "/v1/replication-jobs/\(id)?wait=20s&history=true",
                token: server.viewerToken
            )
            #expect(done.json["state"] as? String == "failed")
            let destinations = done.json["destinations"] as? [[String: Any]] ?? []
            let west = destinations.first { $0["region"] as? String == "us-west-2" } ?? [:]
            let europe = destinations.first { $0["region"] as? String == "eu-west-1" } ?? [:]
            #expect(west["status"] as? String == "verified")
            #expect(west["latencySeconds"] is Double)
            #expect(europe["status"] as? String == "failed")
            #expect((europe["lastError"] as? String)?.contains("FAILED") == true)
            let methods = (done.json["checks"] as? [[String: Any]] ?? []).compactMap { $0["method"] as? String }
            #expect(methods.filter { $0 == "eventbridge" }.count == 2)
        }
    }

    @Test func otherEventsAreIgnored() async throws {
        try await withJobServer { server in
            let digest = "sha256:" + String(repeating: "d", count: 64)
            let cases = [
                Self.event(
                    type: "ECR Image Scan",
                    region: "us-east-1",
                    repository: "jobs-x",
                    digest: digest,
                    action: "SCAN"
                ),
                Self.event(
                    type: "ECR Image Action",
                    region: "us-east-1",
                    repository: "jobs-x",
                    digest: digest,
                    action: "DELETE"
                ),
                Self.event(
                    type: "ECR Image Action",
                    region: "ap-south-1",
                    repository: "jobs-x",
                    digest: digest,
                    action: "PUSH"
                ),
                Self.event(
                    type: "ECR Replication Action",
                    region: "us-west-2",
                    repository: "jobs-x",
                    digest: digest,
                    action: "REPLICATE"
                ),
            ]
            for body in cases {
                let reply = try await server.request(
                    "POST",
                    "/v1/webhooks/eventbridge",
                    token: nil,
                    body: body,
                    headers: Self.secretHeader
                )
                #expect(reply.status == 200)
                #expect(reply.json["outcome"] as? String == "ignored")
                #expect(reply.json["reason"] is String)
            }
            let deliveries = try await WebhookDeliveryLog(database: server.database).recent(limit: 10)
            #expect(deliveries.count == cases.count)
            #expect(deliveries.allSatisfy { $0.outcome == .ignored })
        }
    }

    @Test func wrongSecretIsUnauthorized() async throws {
        try await withJobServer { server in
            let body = Self.event(
                type: "ECR Image Action",
                region: "us-east-1",
                repository: "jobs-x",
                digest: "sha256:" + String(repeating: "e", count: 64),
                action: "PUSH"
            )
            for headers in [[:], ["X-EventBridge-Secret": "wrong"], ["X-EventBridge-Secret": ""]] {
                let reply = try await server.request(
                    "POST",
                    "/v1/webhooks/eventbridge",
                    token: nil,
                    body: body,
                    headers: headers
                )
                #expect(reply.status == 401)
            }
            let malformed = try await server.request(
                "POST",
                "/v1/webhooks/eventbridge",
                token: nil,
                body: "{\"id\": \"x\"}",
                headers: Self.secretHeader
            )
            #expect(malformed.status == 400)
        }
    }
}
