import ControlPlane
import Foundation
import Testing

/// `/v1/copy-rules` through the real server. Only the source registry check calls AWS (STS), so only
/// that test needs moto.
@Suite struct CopyRuleRoutesTests {
    static let account = "123456789012"

    static func ruleBody(prefix: String, tagPattern: String? = "release-*", regions: [String] = ["eu-central-1"])
        -> String
    {
        let destinations = regions.map { #"{"region": "\#($0)", "registryId": "\#(Self.account)"}"# }
        let pattern = tagPattern.map { #""tagPattern": "\#($0)", "# } ?? ""
        return
            #"{"repositoryPrefix": "\#(prefix)", \#(pattern)"destinations": [\#(destinations.joined(separator: ", "))]}"#
    }

    static func auditEvents(_ app: TestApplication, target: String) async throws -> [AuditEvent] {
        var filter = AuditFilter()
        filter.targetPrefix = target
        return try await app.auditLog.list(filter: filter, limit: 500).items.filter { $0.target == target }
    }

    @Test func createReadDelete() async throws {
        try await withApplication { app in
            let created = try await app.request(
                "POST",
                "/v1/copy-rules",
                token: app.operatorToken,
                body: Self.ruleBody(prefix: "team/", regions: ["eu-central-1", "cn-north-1"])
            )
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? Int)
            #expect(created.headers["location"] == "/v1/copy-rules/\(id)")
            #expect(created.json["repositoryPrefix"] as? String == "team/")
            #expect(created.json["tagPattern"] as? String == "release-*")
            #expect(created.json["createdBy"] as? String == "operator")
            let destinations = created.json["destinations"] as? [[String: String]] ?? []
            #expect(destinations.map { $0["region"] } == ["eu-central-1", "cn-north-1"])

            let fetched = try await app.request("GET", "/v1/copy-rules/\(id)", token: app.viewerToken)
            #expect(fetched.status == 200)
            #expect(fetched.json["id"] as? Int == id)
            #expect((fetched.json["destinations"] as? [Any])?.count == 2)

            let listed = try await app.request("GET", "/v1/copy-rules", token: app.viewerToken)
            #expect(listed.status == 200)
            #expect((listed.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id])

            let deleted = try await app.request("DELETE", "/v1/copy-rules/\(id)", token: app.operatorToken)
            #expect(deleted.status == 204)
            let afterDelete = try await app.request("GET", "/v1/copy-rules/\(id)", token: app.viewerToken)
            #expect(afterDelete.status == 404)
            let deletedAgain = try await app.request("DELETE", "/v1/copy-rules/\(id)", token: app.operatorToken)
            #expect(deletedAgain.status == 404)

            let events = try await Self.auditEvents(app, target: "copy-rule:\(id)")
            #expect(events.map(\.action) == ["copy-rule.delete", "copy-rule.delete", "copy-rule.create"])
            #expect(events.map(\.outcome) == [.failed, .succeeded, .succeeded])
            #expect(events.last?.after?.contains("\"repositoryPrefix\":\"team/\"") == true)
            #expect(events.dropFirst().first?.before?.contains("\"tagPattern\":\"release-*\"") == true)
        }
    }

    @Test func duplicateRuleIsConflict() async throws {
        try await withApplication { app in
            let body = Self.ruleBody(prefix: "team/")
            let first = try await app.request("POST", "/v1/copy-rules", token: app.operatorToken, body: body)
            #expect(first.status == 201)
            let second = try await app.request("POST", "/v1/copy-rules", token: app.operatorToken, body: body)
            #expect(second.status == 409)
            #expect(second.json["detail"] as? String ?? "" != "")
            let otherPattern = Self.ruleBody(prefix: "team/", tagPattern: nil)
            let third = try await app.request("POST", "/v1/copy-rules", token: app.operatorToken, body: otherPattern)
            #expect(third.status == 201)
            #expect(third.json["tagPattern"] is NSNull)

            let failures = try await Self.auditEvents(app, target: "copy-rule:new")
            #expect(failures.count == 1)
            #expect(failures.first?.failure?.code == "duplicate")
        }
    }

    @Test func rolesAndIds() async throws {
        try await withApplication { app in
            let body = Self.ruleBody(prefix: "team/")
            let byViewer = try await app.request("POST", "/v1/copy-rules", token: app.viewerToken, body: body)
            #expect(byViewer.status == 403)
            let anonymous = try await app.request("GET", "/v1/copy-rules", token: nil)
            #expect(anonymous.status == 401)
            let badId = try await app.request("GET", "/v1/copy-rules/abc", token: app.viewerToken)
            #expect(badId.status == 400)
            #expect(badId.errorFields == ["id"])
            let unknown = try await app.request("GET", "/v1/copy-rules/999999", token: app.viewerToken)
            #expect(unknown.status == 404)
            let deleteByViewer = try await app.request("DELETE", "/v1/copy-rules/1", token: app.viewerToken)
            #expect(deleteByViewer.status == 403)
        }
    }

    @Test func listPagesWithCursor() async throws {
        try await withApplication { app in
            for prefix in ["aa/", "bb/", "cc/"] {
                let body = Self.ruleBody(prefix: prefix)
                let created = try await app.request("POST", "/v1/copy-rules", token: app.operatorToken, body: body)
                #expect(created.status == 201)
            }
            let first = try await app.request("GET", "/v1/copy-rules?limit=2", token: app.viewerToken)
            #expect(first.status == 200)
            let firstPrefixes = (first.json["items"] as? [[String: Any]])?.compactMap {
                $0["repositoryPrefix"] as? String
            }
            #expect(firstPrefixes == ["aa/", "bb/"])
            let next = try #require(first.json["next"] as? String)
            #expect(first.headers["link"]?.contains("rel=\"next\"") == true)

            let second = try await app.request("GET", "/v1/copy-rules?limit=2&cursor=\(next)", token: app.viewerToken)
            let secondPrefixes = (second.json["items"] as? [[String: Any]])?.compactMap {
                $0["repositoryPrefix"] as? String
            }
            #expect(secondPrefixes == ["cc/"])
            #expect(second.json["next"] is NSNull)

            let badCursor = try await app.request("GET", "/v1/copy-rules?cursor=zz", token: app.viewerToken)
            #expect(badCursor.status == 400)
            #expect(badCursor.errorFields == ["cursor"])
        }
    }

    @Test(arguments: [
        (
            #"{"repositoryPrefix": "Team/", "destinations": [{"region": "eu-central-1", "registryId": "123456789012"}]}"#,
            ["repositoryPrefix"]
        ),
        (
            #"{"repositoryPrefix": "team/", "tagPattern": "release/*", "destinations": [{"region": "eu-central-1", "registryId": "123456789012"}]}"#,
            ["tagPattern"]
        ),
        (
            #"{"repositoryPrefix": "team/", "tagPattern": "*a*b*c*d*", "destinations": [{"region": "eu-central-1", "registryId": "123456789012"}]}"#,
            ["tagPattern"]
        ),
        (#"{"repositoryPrefix": "team/", "destinations": []}"#, ["destinations"]),
        (#"{"repositoryPrefix": "team/"}"#, ["destinations"]),
        (
            #"{"repositoryPrefix": "team/", "destinations": [{"region": "europe", "registryId": "12345"}]}"#,
            ["destinations[0].region", "destinations[0].registryId"]
        ),
        (
            #"{"repositoryPrefix": "team/", "destinations": [{"region": "eu-central-1", "registryId": "123456789012"}, {"region": "eu-central-1", "registryId": "123456789012"}]}"#,
            ["destinations[1]"]
        ),
        (
            #"{"repositoryPrefix": "team/", "destinations": [{"region": "eu-central-1", "registryId": "123456789012", "role": "x"}]}"#,
            ["destinations[0].role"]
        ),
        (
            #"{"repositoryPrefix": "t", "extra": 1, "destinations": [{"region": "eu-central-1", "registryId": "123456789012"}]}"#,
            ["extra", "repositoryPrefix"]
        ),
    ])
    func validationNamesField(body: String, fields: [String]) async throws {
        try await withApplication { app in
            let reply = try await app.request("POST", "/v1/copy-rules", token: app.operatorToken, body: body)
            #expect(reply.status == 400)
            #expect(reply.errorFields == fields)
        }
    }

    @Test func tooManyDestinations() async throws {
        try await withApplication { app in
            let regions = (1...26).map { "eu-central-\($0 % 100)" }
            let reply = try await app.request(
                "POST",
                "/v1/copy-rules",
                token: app.operatorToken,
                body: Self.ruleBody(prefix: "team/", regions: regions)
            )
            #expect(reply.status == 400)
            #expect(reply.errorFields == ["destinations"])
        }
    }

    @Test(.enabled(if: RepositoryTestKit.motoAvailable))
    func sourceRegistryIsNoDestination() async throws {
        try await withApplication(sourceRegion: "us-east-2") { app in
            let reply = try await app.request(
                "POST",
                "/v1/copy-rules",
                token: app.operatorToken,
                body: Self.ruleBody(prefix: "team/", regions: ["eu-central-1", "us-east-2"])
            )
            #expect(reply.status == 400)
            #expect(reply.errorFields == ["destinations[1]"])
        }
    }
}
