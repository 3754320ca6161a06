import AWSClient
import ControlPlane
import Foundation
import Testing

/// `GET`/`PUT /v1/replication-configuration` over HTTP against moto. The suite owns the replication
/// configuration of one region in the shared moto and runs its tests one after another, because they all
/// replace that registry-wide document.
@Suite(.serialized, .enabled(if: PolicyTestSupport.motoAvailable))
struct ReplicationConfigurationTests {
    /// The source region this suite owns in the shared moto; no other suite may write its configuration.
    static let region = "eu-west-3"
    static let path = "/v1/replication-configuration"
    static let target = "registry:eu-west-3/replication-configuration"

    static func configuration(destinationRegion: String = "eu-west-1", filter: String? = nil) -> String {
        let filters =
            filter.map { #", "repositoryFilters": [{"filter": "\#($0)", "filterType": "PREFIX_MATCH"}]"# } ?? ""
        return
            #"{"rules": [{"destinations": [{"region": "\#(destinationRegion)", "registryId": "123456789012"}]\#(filters)}]}"#
    }

    func withApp(_ body: (TestApplication) async throws -> Void) async throws {
        try await withApplication(sourceRegion: Self.region, body)
    }

    @Test func putThenGetReturnsDocumentAndETag() async throws {
        try await self.withApp { app in
            let body = Self.configuration(filter: "team-a/")
            let put = try await app.request("PUT", Self.path, token: app.adminToken, body: body)
            #expect(put.status == 200)
            let etag = try #require(put.headers["etag"])
            let got = try await app.request("GET", Self.path, token: app.viewerToken)
            #expect(got.status == 200)
            #expect(got.headers["etag"] == etag)
            let rules = got.json["rules"] as? [[String: Any]] ?? []
            #expect(rules.count == 1)
            let filters = rules.first?["repositoryFilters"] as? [[String: Any]] ?? []
            #expect(filters.first?["filter"] as? String == "team-a/")
            let destinations = rules.first?["destinations"] as? [[String: Any]] ?? []
            #expect(destinations.first?["region"] as? String == "eu-west-1")
            // The GET body is a valid PUT body: it round-trips with the same tag.
            let again = try await app.request("PUT", Self.path, token: app.adminToken, body: got.text)
            #expect(again.status == 200)
            #expect(again.headers["etag"] == etag)
        }
    }

    @Test func curlFormContentTypeIsAccepted() async throws {
        try await self.withApp { app in
            let reply = try await app.request(
                "PUT",
                Self.path,
                token: app.adminToken,
                body: Self.configuration(destinationRegion: "eu-central-1"),
                headers: ["Content-Type": "application/x-www-form-urlencoded"]
            )
            #expect(reply.status == 200)
        }
    }

    @Test func staleIfMatchIsPreconditionFailed() async throws {
        try await self.withApp { app in
            let first = try await app.request("PUT", Self.path, token: app.adminToken, body: Self.configuration())
            let staleTag = try #require(first.headers["etag"])
            let second = try await app.request(
                "PUT",
                Self.path,
                token: app.adminToken,
                body: Self.configuration(destinationRegion: "eu-north-1"),
                headers: ["If-Match": staleTag]
            )
            #expect(second.status == 200)
            let currentTag = try #require(second.headers["etag"])
            #expect(currentTag != staleTag)
            let conflict = try await app.request(
                "PUT",
                Self.path,
                token: app.adminToken,
                body: Self.configuration(destinationRegion: "eu-south-1"),
                headers: ["If-Match": staleTag]
            )
            #expect(conflict.status == 412)
            #expect(conflict.headers["etag"] == currentTag)
            let after = try await app.request("GET", Self.path, token: app.viewerToken)
            #expect(after.headers["etag"] == currentTag)
            let events = try await app.auditLog.history(of: Self.target).items
            #expect(events.count == 2)
        }
    }

    @Test func concurrentPutsWithOneTagOnlyOneWins() async throws {
        try await self.withApp { app in
            let first = try await app.request("PUT", Self.path, token: app.adminToken, body: Self.configuration())
            let tag = try #require(first.headers["etag"])
            async let left = app.request(
                "PUT",
                Self.path,
                token: app.adminToken,
                body: Self.configuration(destinationRegion: "us-west-1"),
                headers: ["If-Match": tag]
            )
            async let right = app.request(
                "PUT",
                Self.path,
                token: app.adminToken,
                body: Self.configuration(destinationRegion: "us-west-2"),
                headers: ["If-Match": tag]
            )
            let statuses = try await [left.status, right.status].sorted()
            #expect(statuses == [200, 412])
        }
    }

    @Test func wildcardIfMatchPasses() async throws {
        try await self.withApp { app in
            let reply = try await app.request(
                "PUT",
                Self.path,
                token: app.adminToken,
                body: Self.configuration(),
                headers: ["If-Match": "*"]
            )
            #expect(reply.status == 200)
        }
    }

    /// One body per validation rule and the field its error names.
    static let invalidBodies: [(body: String, field: String)] = {
        let destination = #"{"region": "eu-west-1", "registryId": "123456789012"}"#
        let elevenRules = Array(repeating: #"{"destinations": [\#(destination)]}"#, count: 11).joined(separator: ",")
        let manyDestinations = (0..<26).map { #"{"region": "eu-west-1", "registryId": "1000000000\#(10 + $0)"}"# }
        let manyFilters = (0..<101).map { #"{"filter": "team-\#($0)", "filterType": "PREFIX_MATCH"}"# }
        let rule = { (filters: String) in
            #"{"rules": [{"destinations": [\#(destination)], "repositoryFilters": [\#(filters)]}]}"#
        }
        return [
            (#"{"rules": [\#(elevenRules)]}"#, "rules"),
            (
                #"{"rules": [{"destinations": [\#(manyDestinations.joined(separator: ","))]}]}"#,
                "rules[0].destinations[25]"
            ),
            (rule(manyFilters.joined(separator: ",")), "rules[0].repositoryFilters"),
            (rule(#"{"filter": "team", "filterType": "WILDCARD"}"#), "rules[0].repositoryFilters[0].filterType"),
            (rule(#"{"filter": "t", "filterType": "PREFIX_MATCH"}"#), "rules[0].repositoryFilters[0].filter"),
            (rule(#"{"filter": "Team/App", "filterType": "PREFIX_MATCH"}"#), "rules[0].repositoryFilters[0].filter"),
            (#"{"rules": [{"destinations": []}]}"#, "rules[0].destinations"),
            (
                #"{"rules": [{"repositoryFilters": [{"filter": "ab", "filterType": "PREFIX_MATCH"}]}]}"#,
                "rules[0].destinations"
            ),
            (
                #"{"rules": [{"destinations": [{"region": "mars-north-1x", "registryId": "123456789012"}]}]}"#,
                "rules[0].destinations[0].region"
            ),
            (
                #"{"rules": [{"destinations": [{"region": "cn-north-1", "registryId": "123456789012"}]}]}"#,
                "rules[0].destinations[0].region"
            ),
            (
                #"{"rules": [{"destinations": [{"region": "eu-west-1", "registryId": "12345"}]}]}"#,
                "rules[0].destinations[0].registryId"
            ),
            (
                #"{"rules": [{"destinations": [{"region": "eu-west-3", "registryId": "123456789012"}]}]}"#,
                "rules[0].destinations[0]"
            ),
            (
                #"{"rules": [{"destinations": [{"region": null, "registryId": "123456789012"}]}]}"#,
                "rules[0].destinations[0].region"
            ),
            (#"{"rules": [{"destinations": [\#(destination)], "extra": 1}]}"#, "rules[0].extra"),
            (
                #"{"rules": [{"destinations": [\#(destination)]}, {"destinations": [\#(destination)]}, {"destinations": [{"region": "x", "registryId": "123456789012"}]}]}"#,
                "rules[2].destinations[0].region"
            ),
            ("{}", "rules"),
            (#"{"rules": [{"destinations": [\#(destination), \#(destination)]}]}"#, "rules[0].destinations[1]"),
            (
                rule(#"{"filter": "\#(String(repeating: "a", count: 257))", "filterType": "PREFIX_MATCH"}"#),
                "rules[0].repositoryFilters[0].filter"
            ),
            (
                #"{"rules": [{"destinations": [\#(destination)], "repositoryFilters": []}]}"#,
                "rules[0].repositoryFilters"
            ),
        ]
    }()

    @Test func everyValidationRuleNamesItsFieldAndChangesNothing() async throws {
        try await self.withApp { app in
            let before = try await app.request("GET", Self.path, token: app.viewerToken)
            for (body, field) in Self.invalidBodies {
                let reply = try await app.request("PUT", Self.path, token: app.adminToken, body: body)
                #expect(reply.status == 400, "\(field)")
                #expect(reply.errorFields.contains(field), "expected \(field) in \(reply.errorFields)")
                #expect(reply.headers["content-type"] == "application/problem+json")
            }
            let after = try await app.request("GET", Self.path, token: app.viewerToken)
            #expect(after.headers["etag"] == before.headers["etag"])
            let events = try await app.auditLog.history(of: Self.target).items
            #expect(events.isEmpty)
        }
    }

    @Test func invalidJSONIsBadRequest() async throws {
        try await self.withApp { app in
            let reply = try await app.request("PUT", Self.path, token: app.adminToken, body: "{\"rules\": [")
            #expect(reply.status == 400)
        }
    }

    @Test func dryRunReportsMatchesAndChangesNothing() async throws {
        try await self.withApp { app in
            let prefix = PolicyTestSupport.uniqueName("dry")
            try await PolicyTestSupport.createRepository(prefix + "/app", region: Self.region)
            try await PolicyTestSupport.createRepository(prefix + "x", region: Self.region)
            let before = try await app.request("GET", Self.path, token: app.viewerToken)
            let reply = try await app.request(
                "PUT",
                Self.path + "?dryRun=true",
                token: app.adminToken,
                body: Self.configuration(destinationRegion: "ap-south-1", filter: prefix + "/")
            )
            #expect(reply.status == 200)
            #expect(reply.json["dryRun"] as? Bool == true)
            #expect(reply.json["currentETag"] as? String == before.headers["etag"])
            let repositories = reply.json["repositories"] as? [[String: Any]] ?? []
            let matched = repositories.first { $0["repositoryName"] as? String == prefix + "/app" }
            #expect(matched?["ruleIndexes"] as? [Int] == [0])
            let destinations = matched?["destinations"] as? [[String: Any]] ?? []
            #expect(destinations.first?["region"] as? String == "ap-south-1")
            #expect(destinations.first?["registryId"] as? String == PolicyTestSupport.account)
            let unmatched = repositories.first { $0["repositoryName"] as? String == prefix + "x" }
            #expect(unmatched?["ruleIndexes"] as? [Int] == [])
            let after = try await app.request("GET", Self.path, token: app.viewerToken)
            #expect(after.headers["etag"] == before.headers["etag"])
            #expect(try await app.auditLog.history(of: Self.target).items.isEmpty)
        }
    }

    @Test func dryRunValidatesTheBody() async throws {
        try await self.withApp { app in
            let reply = try await app.request(
                "PUT",
                Self.path + "?dryRun=true",
                token: app.adminToken,
                body: #"{"rules": [{"destinations": []}]}"#
            )
            #expect(reply.status == 400)
            #expect(reply.errorFields == ["rules[0].destinations"])
        }
    }

    @Test func dryRunFlagMustBeBoolean() async throws {
        try await self.withApp { app in
            let reply = try await app.request(
                "PUT",
                Self.path + "?dryRun=yes",
                token: app.adminToken,
                body: Self.configuration()
            )
            #expect(reply.status == 400)
            #expect(reply.errorFields == ["dryRun"])
        }
    }

    @Test func successIsAuditedWithBeforeAndAfter() async throws {
        try await self.withApp { app in
            let first = try await app.request("PUT", Self.path, token: app.adminToken, body: Self.configuration())
            #expect(first.status == 200)
            let second = try await app.request(
                "PUT",
                Self.path,
                token: app.adminToken,
                body: Self.configuration(destinationRegion: "us-west-2")
            )
            #expect(second.status == 200)
            let event = try #require(try await app.auditLog.history(of: Self.target).items.first)
            #expect(event.action == "replication-configuration.put")
            #expect(event.actor == "admin")
            #expect(event.outcome == .succeeded)
            #expect(event.before?.contains("eu-west-1") == true)
            #expect(event.after?.contains("us-west-2") == true)
        }
    }

    // moto accepts one replication rule only and rejects more with ValidationException, which represents
    // any configuration AWS rejects after local validation passed.
    @Test func awsRejectionIsReportedAndAudited() async throws {
        try await self.withApp { app in
            let set = try await app.request("PUT", Self.path, token: app.adminToken, body: Self.configuration())
            #expect(set.status == 200)
            let twoRules = #"""
                {"rules": [
                  {"destinations": [{"region": "eu-west-1", "registryId": "123456789012"}]},
                  {"destinations": [{"region": "us-east-2", "registryId": "123456789012"}]}
                ]}
                """#
            let reply = try await app.request("PUT", Self.path, token: app.adminToken, body: twoRules)
            #expect(reply.status == 400)
            #expect(reply.json["awsErrorCode"] as? String == "ValidationException")
            let after = try await app.request("GET", Self.path, token: app.viewerToken)
            #expect(after.headers["etag"] == set.headers["etag"])
            let event = try #require(try await app.auditLog.history(of: Self.target).items.first)
            #expect(event.outcome == .failed)
            #expect(event.failure?.code == "ValidationException")
            #expect(event.before?.contains("eu-west-1") == true)
            #expect(event.after == nil)
        }
    }

    @Test func viewerCannotPut() async throws {
        try await self.withApp { app in
            let reply = try await app.request("PUT", Self.path, token: app.viewerToken, body: Self.configuration())
            #expect(reply.status == 403)
            let operatorReply = try await app.request(
                "PUT",
                Self.path,
                token: app.operatorToken,
                body: Self.configuration()
            )
            #expect(operatorReply.status == 403)
            let anonymous = try await app.request("GET", Self.path, token: nil)
            #expect(anonymous.status == 401)
        }
    }
}
