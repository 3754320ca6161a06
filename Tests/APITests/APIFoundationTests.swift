import ControlPlane
import Foundation
import Testing

@Suite struct HealthAndErrorTests {
    @Test func healthzNeedsNoToken() async throws {
        try await withApplication { app in
            let reply = try await app.request("GET", "/healthz", token: nil)
            #expect(reply.status == 200)
            #expect(reply.text == #"{"status":"ok"}"#)
            #expect(reply.headers["x-request-id"]?.isEmpty == false)
        }
    }

    @Test func readyzReportsCurrentSchema() async throws {
        try await withApplication { app in
            let reply = try await app.request("GET", "/readyz", token: nil)
            #expect(reply.status == 200)
            #expect(reply.json["ready"] as? Bool == true)
            #expect(reply.json["schemaVersion"] as? Int == reply.json["latestSchemaVersion"] as? Int)
        }
    }

    @Test func unknownRouteIsProblem404() async throws {
        try await withApplication { app in
            let reply = try await app.request(
                "GET",
                "/v1/nothing-here",
                token: app.adminToken,
                headers: ["X-Request-Id": "req-1"]
            )
            #expect(reply.status == 404)
            #expect(reply.headers["content-type"] == "application/problem+json")
            #expect(reply.json["status"] as? Int == 404)
            #expect(reply.json["instance"] as? String == "req-1")
            #expect(reply.headers["x-request-id"] == "req-1")
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await withApplication { app in
            let reply = try await app.request("PUT", "/v1/audit-events", token: app.adminToken, body: "{}")
            #expect(reply.status == 405)
            #expect(reply.headers["allow"] == "GET, HEAD")
        }
    }

    @Test func openAPIDocumentIsServed() async throws {
        try await withApplication { app in
            let reply = try await app.request("GET", "/openapi.yaml", token: nil)
            #expect(reply.status == 200)
            #expect(reply.text.hasPrefix("openapi: 3.1.0"))
        }
    }

    @Test func unknownMethodsShareOneSeries() async throws {
        try await withApplication { app in
            for index in 0..<5 {
                _ = try await app.request("M\(index)", "/healthz", token: nil)
            }
            let reply = try await app.request("GET", "/metrics", token: nil)
            #expect(reply.text.contains(#"http_requests_total{method="OTHER",route="/healthz",status="405"} 5"#))
            #expect(!reply.text.contains(#"method="M0""#))
        }
    }

    @Test func metricsCountRequests() async throws {
        try await withApplication { app in
            _ = try await app.request("GET", "/healthz", token: nil)
            let reply = try await app.request("GET", "/metrics", token: nil)
            #expect(reply.status == 200)
            #expect(reply.text.contains(#"http_requests_total{method="GET",route="/healthz",status="200"} 1"#))
        }
    }

    @Test func metricsCountAuditEvents() async throws {
        try await withApplication { app in
            let before = try Self.auditEventsWritten(try await app.request("GET", "/metrics", token: nil).text)
            let created = try await app.request(
                "POST",
                "/v1/tokens",
                token: app.adminToken,
                body: #"{"name": "metrics-counted", "role": "viewer"}"#
            )
            #expect(created.status == 201)
            let after = try Self.auditEventsWritten(try await app.request("GET", "/metrics", token: nil).text)
            #expect(before >= 1)
            #expect(after == before + 1)
        }
    }

    @Test func metricsCountStoredJobStates() async throws {
        try await withApplication { app in
            // No job runner runs here, so only a count read from the table at the scrape can see these jobs.
            let draft = JobDraft(
                repository: "metrics/app",
                digest: "sha256:" + String(repeating: "a", count: 64),
                tag: nil,
                sourceRegion: "us-east-1",
                sourceAccount: "123456789012",
                trigger: .api,
                mode: .verify,
                requester: "test",
                deadlineSeconds: 60,
                pushedAt: nil,
                pipeline: nil,
                destinations: [
                    JobDraft.Destination(
                        destination: ReplicationDestination(region: "us-west-2", registryId: "123456789012"),
                        route: .replication,
                        copies: false
                    )
                ]
            )
            try await app.database.write { connection in
                _ = try ReplicationJobStore().insert(draft, now: Date(), in: connection)
                _ = try ReplicationJobStore().insert(draft, now: Date(), in: connection)
            }
            let text = try await app.request("GET", "/metrics", token: nil).text
            #expect(try Self.sample(#"ecp_replication_jobs{state="queued"}"#, in: text) == 2)
            #expect(try Self.sample(#"ecp_replication_jobs{state="running"}"#, in: text) == 0)
        }
    }

    @Test func metricsReportSQLiteMemory() async throws {
        try await withApplication { app in
            let text = try await app.request("GET", "/metrics", token: nil).text
            let current = try Self.sample("ecp_sqlite_memory_bytes", in: text)
            let highWater = try Self.sample("ecp_sqlite_memory_high_water_bytes", in: text)
            // The open connections' schema and statements alone take more than a kilobyte.
            #expect(current > 1_024)
            #expect(highWater >= current)
        }
    }

    /// Returns the value of `ecp_audit_events_written_total` in a Prometheus text page.
    static func auditEventsWritten(_ text: String) throws -> Int {
        Int(try Self.sample("ecp_audit_events_written_total", in: text))
    }

    /// Returns the value of the series `series` (name and labels as printed) in a Prometheus text page.
    static func sample(_ series: String, in text: String) throws -> Double {
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(series + " ") })
        return try #require(Double(line.split(separator: " ").last ?? ""))
    }
}

@Suite struct AuthorizationTests {
    @Test func missingTokenIs401() async throws {
        try await withApplication { app in
            let reply = try await app.request("GET", "/v1/audit-events", token: nil)
            #expect(reply.status == 401)
            #expect(reply.headers["www-authenticate"] == "Bearer")
        }
    }

    @Test func invalidTokenIs401() async throws {
        try await withApplication { app in
            let forged = try await app.request("GET", "/v1/audit-events", token: "ecp_nothing_here")
            #expect(forged.status == 401)
            let wrongScheme = try await app.request(
                "GET",
                "/v1/audit-events",
                token: nil,
                headers: ["Authorization": "Basic \(app.viewerToken)"]
            )
            #expect(wrongScheme.status == 401)
        }
    }

    @Test func viewerRouteAcceptsViewer() async throws {
        try await withApplication { app in
            let reply = try await app.request("GET", "/v1/audit-events", token: app.viewerToken)
            #expect(reply.status == 200)
        }
    }

    @Test func operatorRouteRejectsViewer() async throws {
        try await withApplication { app in
            let reply = try await app.request("GET", "/v1/audit-events/verify", token: app.viewerToken)
            #expect(reply.status == 403)
            #expect((reply.json["detail"] as? String)?.contains("operator") == true)
            #expect(try await app.request("GET", "/v1/audit-events/verify", token: app.operatorToken).status == 200)
        }
    }

    @Test func adminRouteRejectsOperator() async throws {
        try await withApplication { app in
            let body = #"{"name":"ci","role":"viewer"}"#
            let rejected = try await app.request("POST", "/v1/tokens", token: app.operatorToken, body: body)
            #expect(rejected.status == 403)
            let accepted = try await app.request("POST", "/v1/tokens", token: app.adminToken, body: body)
            #expect(accepted.status == 201)
        }
    }

    @Test func revokedTokenIs401() async throws {
        try await withApplication { app in
            let created = try await app.request(
                "POST",
                "/v1/tokens",
                token: app.adminToken,
                body: #"{"name":"short-lived","role":"viewer"}"#
            )
            let token = try #require(created.json["token"] as? String)
            let id = try #require((created.json["info"] as? [String: Any])?["id"] as? Int)
            #expect(try await app.request("GET", "/v1/audit-events", token: token).status == 200)
            #expect(try await app.request("DELETE", "/v1/tokens/\(id)", token: app.adminToken).status == 200)
            #expect(try await app.request("GET", "/v1/audit-events", token: token).status == 401)
        }
    }
}

@Suite struct TokenRouteTests {
    @Test func createIsAuditedWithActorAndRequestId() async throws {
        try await withApplication { app in
            let reply = try await app.request(
                "POST",
                "/v1/tokens",
                token: app.adminToken,
                body: #"{"name":"deployer","role":"operator"}"#,
                headers: ["X-Request-Id": "create-deployer"]
            )
            #expect(reply.status == 201)
            #expect(reply.headers["location"]?.hasPrefix("/v1/tokens/") == true)
            let events = try await app.request(
                "GET",
                "/v1/audit-events?action=token.create&actor=admin",
                token: app.viewerToken
            )
            let items = try #require(events.json["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["requestId"] as? String == "create-deployer")
            #expect(items.first?["outcome"] as? String == "succeeded")
            #expect(!(events.text.contains(reply.json["token"] as? String ?? "no token")))
        }
    }

    @Test func invalidBodiesNameTheField() async throws {
        try await withApplication { app in
            let badRole = try await app.request(
                "POST",
                "/v1/tokens",
                token: app.adminToken,
                body: #"{"name":"x","role":"root"}"#
            )
            #expect(badRole.status == 400)
            #expect(badRole.errorFields == ["role"])
            let missing = try await app.request(
                "POST",
                "/v1/tokens",
                token: app.adminToken,
                body: #"{"role":"viewer"}"#
            )
            #expect(missing.status == 400)
            #expect(missing.errorFields == ["name"])
            let wrongType = try await app.request(
                "POST",
                "/v1/tokens",
                token: app.adminToken,
                body: #"{"name":5,"role":"viewer"}"#
            )
            #expect(wrongType.status == 400)
            #expect(wrongType.errorFields == ["name"])
            let notJSON = try await app.request("POST", "/v1/tokens", token: app.adminToken, body: "{")
            #expect(notJSON.status == 400)
            let xml = try await app.request(
                "POST",
                "/v1/tokens",
                token: app.adminToken,
                body: "<a/>",
                headers: ["Content-Type": "application/xml"]
            )
            #expect(xml.status == 415)
        }
    }

    @Test func duplicateNameIs409() async throws {
        try await withApplication { app in
            let body = #"{"name":"twice","role":"viewer"}"#
            let first = try await app.request("POST", "/v1/tokens", token: app.adminToken, body: body)
            #expect(first.status == 201)
            let second = try await app.request("POST", "/v1/tokens", token: app.adminToken, body: body)
            #expect(second.status == 409)
        }
    }

    @Test func listRejectsNonBooleanIncludeRevoked() async throws {
        try await withApplication { app in
            for value in ["null", "yes", "1", ""] {
                let reply = try await app.request("GET", "/v1/tokens?includeRevoked=\(value)", token: app.adminToken)
                #expect(reply.status == 400, "includeRevoked=\(value)")
                #expect(reply.errorFields == ["includeRevoked"], "includeRevoked=\(value)")
            }
            let revoked = try await app.request("GET", "/v1/tokens?includeRevoked=true", token: app.adminToken)
            #expect(revoked.status == 200)
        }
    }

    @Test func listNeverShowsSecrets() async throws {
        try await withApplication { app in
            let reply = try await app.request("GET", "/v1/tokens", token: app.adminToken)
            #expect(reply.status == 200)
            #expect((reply.json["items"] as? [Any])?.count == 3)
            for token in [app.viewerToken, app.operatorToken, app.adminToken] {
                let secret = String(token.split(separator: "_").last ?? "")
                #expect(!reply.text.contains(secret))
            }
        }
    }
}

@Suite struct AuditRouteTests {
    @Test func pagingFollowsNextCursorAndLink() async throws {
        try await withApplication { app in
            for index in 0..<5 {
                _ = try await app.request(
                    "POST",
                    "/v1/tokens",
                    token: app.adminToken,
                    body: #"{"name":"t\#(index)","role":"viewer"}"#
                )
            }
            var seen: [Int] = []
            var path = "/v1/audit-events?limit=3&action=token.create"
            var pages = 0
            while pages < 10 {
                let reply = try await app.request("GET", path, token: app.viewerToken)
                #expect(reply.status == 200)
                seen += (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                pages += 1
                guard let next = reply.json["next"] as? String else {
                    #expect(reply.headers["link"] == nil)
                    break
                }
                #expect(reply.headers["link"]?.contains("rel=\"next\"") == true)
                path = "/v1/audit-events?limit=3&action=token.create&cursor=\(next)"
            }
            // Three tokens from setup plus five here, newest first, each once.
            #expect(seen.count == 8)
            #expect(seen == seen.sorted(by: >))
            #expect(Set(seen).count == 8)
        }
    }

    @Test(arguments: ["limit=0", "limit=501", "limit=abc", "outcome=maybe", "since=yesterday", "cursor=%21%21"])
    func invalidQueryIs400(query: String) async throws {
        try await withApplication { app in
            let reply = try await app.request("GET", "/v1/audit-events?\(query)", token: app.viewerToken)
            #expect(reply.status == 400)
            let field = String(query.split(separator: "=")[0])
            #expect(reply.errorFields == [field])
        }
    }

    @Test func eventByIdAndMissingId() async throws {
        try await withApplication { app in
            let found = try await app.request("GET", "/v1/audit-events/1", token: app.viewerToken)
            #expect(found.status == 200)
            #expect(found.json["action"] as? String == "token.create")
            #expect(found.json["after"] is [String: Any])
            #expect(try await app.request("GET", "/v1/audit-events/999999", token: app.viewerToken).status == 404)
            #expect(try await app.request("GET", "/v1/audit-events/abc", token: app.viewerToken).status == 400)
        }
    }

    @Test func verifyCatchesAnEditedRow() async throws {
        try await withApplication { app in
            let intact = try await app.request("GET", "/v1/audit-events/verify", token: app.operatorToken)
            #expect(intact.json["intact"] as? Bool == true)
            try await app.database.write { connection in
                try connection.execute("UPDATE audit_events SET actor = 'mallory' WHERE id = 2")
            }
            let broken = try await app.request("GET", "/v1/audit-events/verify", token: app.operatorToken)
            #expect(broken.status == 200)
            #expect(broken.json["intact"] as? Bool == false)
            #expect(broken.json["firstBrokenId"] as? Int == 2)
        }
    }
}
