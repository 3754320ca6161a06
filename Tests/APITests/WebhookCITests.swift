import AWSClient
import ControlPlane
import Foundation
import Testing

/// The CI webhook through the real server and moto: a push into us-east-1 with destinations us-west-2
/// (which receives the image after a delay) and eu-west-1 (which never does).
@Suite(.enabled(if: ReplicationJobTestKit.motoAvailable))
struct WebhookCITests {
    static func body(repository: String, digest: String, tag: String = "v1") -> String {
        """
        {"repository": "\(repository)", "tag": "\(tag)", "digest": "\(digest)", \
        "pipeline": {"id": "build-42", "commit": "0123abc", "url": "https://ci.example/builds/42"}}
        """
    }

    static func destination(_ reply: TestApplication.Reply, region: String) -> [String: Any] {
        let destinations = reply.json["destinations"] as? [[String: Any]] ?? []
        return destinations.first { $0["region"] as? String == region } ?? [:]
    }

    static func results(of server: ReplicationJobTestServer, repository: String) async -> [VerificationResult] {
        await server.sink.batches.flatMap { $0 }.filter { $0.repository == repository }
    }

    @Test func jobFailsWhenOneDestinationMisses() async throws {
        let beforePush = Date()
        let (repository, manifest, digest) = try await ReplicationJobTestKit.pushSourceImage()
        let alerts = try await ReplicationJobTestKit.alertTopic()
        try await withJobServer(deadlineSeconds: 6, alertTopicArn: alerts.topicArn) { server in
            let body = Self.body(repository: repository, digest: digest)
            let deliveryId = UUID().uuidString
            let headers = ReplicationJobTestKit.signedHeaders(body, deliveryId: deliveryId)
            let created = try await server.request("POST", "/v1/webhooks/ci", token: nil, body: body, headers: headers)
            #expect(created.status == 202)
            let id = try #require(created.json["id"] as? Int)
            #expect(created.headers["location"] == "/v1/replication-jobs/\(id)")
            #expect(created.json["trigger"] as? String == "webhook")
            #expect(created.json["requester"] as? String == "webhook:ci")
            #expect((created.json["pipeline"] as? [String: Any])?["id"] as? String == "build-42")
            #expect(Self.destination(created, region: "us-west-2")["route"] as? String == "replication")
            #expect(Self.destination(created, region: "eu-west-1")["route"] as? String == "replication")

            let duplicate = try await server.request(
                "POST",
                "/v1/webhooks/ci",
                token: nil,
                body: body,
                headers: headers
            )
            #expect(duplicate.status == 202)
            #expect(duplicate.json["id"] as? Int == id)
            let listed = try await server.request(
                "GET",
                "/v1/replication-jobs?repository=\(repository)",
                token: server.viewerToken
            )
            #expect((listed.json["items"] as? [[String: Any]])?.count == 1)

            // What ECR replication would do, late and only for one destination.
            try await Task.sleep(for: .seconds(1.5))
            try await ReplicationJobTestKit.createRepository(repository, region: "us-west-2")
            try await ReplicationJobTestKit.putManifest(
                manifest,
                repository: repository,
                tag: "v1",
                region: "us-west-2"
            )
            let replicatedBy = Date()

            let finished = try await server.request(
                "GET",
                "/v1/replication-jobs/\(id)?wait=30s",
                token: server.viewerToken
            )
            #expect(finished.json["state"] as? String == "failed")
            let west = Self.destination(finished, region: "us-west-2")
            let europe = Self.destination(finished, region: "eu-west-1")
            #expect(west["status"] as? String == "verified")
            #expect(west["observedDigest"] as? String == digest)
            #expect(west["tagState"] as? String == "matches")
            // The latency runs from the source push to the destination put, at least the 1.5 s sleep. The
            // second of slack on each side allows for timestamps that the emulator rounds to whole seconds.
            let latency = try #require(west["latencySeconds"] as? Double)
            #expect(latency >= 0.5)
            #expect(latency <= replicatedBy.timeIntervalSince(beforePush) + 1)
            #expect(europe["status"] as? String == "missing")
            #expect((finished.json["progress"] as? [String: Any])?["summary"] as? String == "1 of 2 verified")

            let audit = try await server.auditEvents(jobId: id)
            #expect(audit.map(\.action) == ["replication-job.create", "replication-job.finish"])
            #expect(audit.first?.actor == "webhook:ci")
            #expect(audit.last?.outcome == .failed)

            let deliveries = try await WebhookDeliveryLog(database: server.database).recent(limit: 10)
            #expect(
                deliveries.filter { $0.deliveryId == deliveryId }.map(\.outcome).sorted { $0.rawValue < $1.rawValue }
                    == [.accepted, .duplicate]
            )

            // The runner hands results to its sinks just after it stores the round the long-poll returned on.
            var results = await Self.results(of: server, repository: repository)
            for _ in 0..<50 where !results.contains(where: { $0.destination.region == "eu-west-1" }) {
                try await Task.sleep(for: .milliseconds(100))
                results = await Self.results(of: server, repository: repository)
            }
            let westResults = results.filter { $0.destination.region == "us-west-2" }
            #expect(westResults.last?.status == .verified)
            #expect(westResults.last?.latencySeconds != nil)
            #expect(westResults.dropLast().allSatisfy { $0.status == .pending })
            #expect(results.filter { $0.destination.region == "eu-west-1" }.last?.status == .missing)

            let metricsText = try await server.request("GET", "/metrics", token: nil).text
            #expect(metricsText.contains("ecp_replication_latency_seconds_count{region=\"us-west-2\"} 1"))
            #expect(metricsText.contains("ecp_replication_jobs{state=\"failed\"} 1"))

            let messages = try await ReplicationJobTestKit.receiveMessages(alerts.queueURL)
            let alert = try #require(messages.map(ReplicationJobTestKit.json).first { $0["jobId"] as? Int == id })
            #expect(alert["repository"] as? String == repository)
            #expect(alert["digest"] as? String == digest)
            #expect(alert["state"] as? String == "failed")
            let alertDestinations = alert["destinations"] as? [[String: Any]] ?? []
            #expect(
                alertDestinations.first { $0["region"] as? String == "eu-west-1" }?["status"] as? String == "missing"
            )
            #expect(
                alertDestinations.first { $0["region"] as? String == "us-west-2" }?["status"] as? String == "verified"
            )
        }
    }

    @Test func rejectsUnauthenticatedDeliveries() async throws {
        try await withJobServer { server in
            let body = Self.body(repository: "jobs-unknown", digest: "sha256:" + String(repeating: "c", count: 64))
            let good = ReplicationJobTestKit.signedHeaders(body, deliveryId: UUID().uuidString)
            let signature = good["X-Signature-256"]!
            var cases: [(String, [String: String])] = []
            cases.append(("wrong secret", ReplicationJobTestKit.signedHeaders(body, deliveryId: "a", secret: "other")))
            cases.append(("truncated", good.merging(["X-Signature-256": String(signature.dropLast(1))]) { $1 }))
            cases.append(("no prefix", good.merging(["X-Signature-256": String(signature.dropFirst(7))]) { $1 }))
            cases.append(
                ("not hex", good.merging(["X-Signature-256": "sha256=" + String(repeating: "z", count: 64)]) { $1 })
            )
            cases.append(("missing", good.filter { $0.key != "X-Signature-256" }))
            cases.append(("stale", ReplicationJobTestKit.signedHeaders(body, deliveryId: "b", timestamp: Date() - 301)))
            cases.append(
                ("future", ReplicationJobTestKit.signedHeaders(body, deliveryId: "c", timestamp: Date() + 400))
            )
            cases.append(("no timestamp", good.filter { $0.key != "X-Timestamp" }))
            cases.append(("bad timestamp", good.merging(["X-Timestamp": "yesterday"]) { $1 }))
            for (name, headers) in cases {
                let reply = try await server.request(
                    "POST",
                    "/v1/webhooks/ci",
                    token: nil,
                    body: body,
                    headers: headers
                )
                #expect(reply.status == 401, "\(name)")
                #expect(reply.headers["content-type"] == "application/problem+json", "\(name)")
            }
            let tampered = try await server.request(
                "POST",
                "/v1/webhooks/ci",
                token: nil,
                body: body.replacingOccurrences(of: "v1", with: "v2"),
                headers: good
            )
            #expect(tampered.status == 401)
            let deliveries = try await WebhookDeliveryLog(database: server.database).recent(limit: 50)
            #expect(deliveries.count == cases.count + 1)
            #expect(deliveries.allSatisfy { $0.outcome == .rejected })
            #expect(deliveries.contains { $0.reason?.hasPrefix("stale timestamp") == true })
            let jobs = try await server.request("GET", "/v1/replication-jobs", token: server.viewerToken)
            #expect((jobs.json["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func rejectsInvalidBodiesAfterAuthentication() async throws {
        try await withJobServer { server in
            let cases = [
                ("{\"repository\": \"jobs-x\"}", "digest"),
                ("{\"repository\": \"Bad Name\", \"digest\": \"sha256:abc\"}", "repository"),
                ("[1, 2]", nil),
            ]
            for (body, field) in cases {
                let headers = ReplicationJobTestKit.signedHeaders(body, deliveryId: UUID().uuidString)
                let reply = try await server.request(
                    "POST",
                    "/v1/webhooks/ci",
                    token: nil,
                    body: body,
                    headers: headers
                )
                #expect(reply.status == 400, "\(body)")
                if let field {
                    #expect(reply.errorFields.contains(field), "\(body)")
                }
            }
            let body = "{\"repository\": \"jobs-x\", \"tag\": \"v1\"}"
            var noDelivery = ReplicationJobTestKit.signedHeaders(body, deliveryId: "x")
            noDelivery.removeValue(forKey: "X-Delivery-Id")
            let missingId = try await server.request(
                "POST",
                "/v1/webhooks/ci",
                token: nil,
                body: body,
                headers: noDelivery
            )
            #expect(missingId.status == 400)
            let hub = ReplicationJobTestKit.signedHeaders(body, deliveryId: UUID().uuidString)
            let hubHeaders = ["X-Hub-Signature-256": hub["X-Signature-256"]!].merging(
                hub.filter { $0.key != "X-Signature-256" }
            ) { $1 }
            let unknownImage = try await server.request(
                "POST",
                "/v1/webhooks/ci",
                token: nil,
                body: body,
                headers: hubHeaders
            )
            #expect(unknownImage.status == 422)
        }
    }

    @Test func disabledWithoutSecret() async throws {
        try await withApplication { app in
            let reply = try await app.request("POST", "/v1/webhooks/ci", token: nil, body: "{}")
            #expect(reply.status == 503)
            #expect((reply.json["detail"] as? String)?.contains("--webhook-secret") == true)
            let eventBridge = try await app.request("POST", "/v1/webhooks/eventbridge", token: nil, body: "{}")
            #expect(eventBridge.status == 503)
            #expect((eventBridge.json["detail"] as? String)?.contains("--eventbridge-secret") == true)
        }
    }
}
