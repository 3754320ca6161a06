import AWSClient
import ControlPlane
import Foundation
import Testing

/// Every validation rule of the repository routes, each broken through the request, rejected with 400
/// naming the field and with no AWS call: no repository appears and no audit row is written.
@Suite(.enabled(if: RepositoryTestKit.motoAvailable))
struct RepositoryValidationTests {
    /// A create body with `NAME` standing for a fresh valid name, and the field its error must name.
    static let invalidCreateBodies: [(body: String, field: String)] = [
        ("{}", "name"),
        ("{\"name\": 7}", "name"),
        ("{\"name\": \"a\"}", "name"),
        ("{\"name\": \"Upper/Case\"}", "name"),
        ("{\"name\": \"team//app\"}", "name"),
        ("{\"name\": \"team/app-\"}", "name"),
        ("{\"name\": \"team/a...b\"}", "name"),
        ("{\"name\": \"" + String(repeating: "a", count: 257) + "\"}", "name"),
        ("{\"name\": null}", "name"),
        ("{\"name\": \"NAME\", \"color\": \"red\"}", "color"),
        ("{\"name\": \"NAME\", \"scanOnPush\": \"yes\"}", "scanOnPush"),
        ("{\"name\": \"NAME\", \"tagMutability\": \"SOMETIMES\"}", "tagMutability"),
        ("{\"name\": \"NAME\", \"encryption\": \"AES256\"}", "encryption"),
        ("{\"name\": \"NAME\", \"encryption\": {}}", "encryption.type"),
        ("{\"name\": \"NAME\", \"encryption\": {\"type\": \"RSA\"}}", "encryption.type"),
        (
            "{\"name\": \"NAME\", \"encryption\": {\"type\": \"AES256\", \"kmsKey\": \"alias/app\"}}",
            "encryption.kmsKey"
        ),
        ("{\"name\": \"NAME\", \"encryption\": {\"type\": \"KMS\", \"kmsKey\": \"not a key\"}}", "encryption.kmsKey"),
        (
            "{\"name\": \"NAME\", \"encryption\": {\"type\": \"KMS\", \"kmsKey\": "
                + "\"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\"}}",
            "encryption.kmsKey"
        ),
        ("{\"name\": \"NAME\", \"encryption\": {\"type\": \"KMS\", \"size\": 1}}", "encryption.size"),
        ("{\"name\": \"NAME\", \"tags\": [\"team\"]}", "tags"),
        ("{\"name\": \"NAME\", \"tags\": {\"team\": 7}}", "tags.team"),
        ("{\"name\": \"NAME\", \"tags\": {\"aws:owner\": \"x\"}}", "tags[\"aws:owner\"]"),
        ("{\"name\": \"NAME\", \"tags\": {\"a#b\": \"x\"}}", "tags[\"a#b\"]"),
        ("{\"name\": \"NAME\", \"tags\": {\"team\": \"a#b\"}}", "tags.team"),
        (
            "{\"name\": \"NAME\", \"tags\": {\"\(String(repeating: "k", count: 129))\": \"x\"}}",
            "tags.\(String(repeating: "k", count: 129))"
        ),
        ("{\"name\": \"NAME\", \"tags\": {\"team\": \"\(String(repeating: "v", count: 257))\"}}", "tags.team"),
        ("{\"name\": \"NAME\", \"tags\": {\"team\": \"a\", \"team\": \"b\"}}", "tags.team"),
        (
            "{\"name\": \"NAME\", \"tags\": {" + (0...50).map { "\"k\($0)\": \"v\"" }.joined(separator: ", ") + "}}",
            "tags"
        ),
        ("[]", "(body)"),
    ]

    @Test func createRejectsEachRuleWithoutAWSCall() async throws {
        try await withApplication { app in
            for (template, field) in Self.invalidCreateBodies {
                let name = RepositoryTestKit.uniqueName("invalid")
                let body = template.replacingOccurrences(of: "NAME", with: name)
                let reply = try await app.request("POST", "/v1/repositories", token: app.adminToken, body: body)
                #expect(reply.status == 400, "\(body)")
                #expect(reply.errorFields.contains(field), "\(body) -> \(reply.errorFields)")
                #expect(try await RepositoryTestKit.describe(name) == nil, "\(body)")
            }
            #expect(try await Self.auditCount(app, action: "repository.create") == 0)
        }
    }

    @Test func createWithReplicasRejectsRegionalKey() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("kms")
            let body = """
                {"name": "\(name)", "encryption": {"type": "KMS", "kmsKey": "1234abcd-12ab-34cd-56ef-1234567890ab"}}
                """
            let reply = try await app.request(
                "POST",
                "/v1/repositories?replicas=true",
                token: app.adminToken,
                body: body
            )
            #expect(reply.status == 400)
            #expect(reply.errorFields == ["encryption.kmsKey"])
            #expect(try await RepositoryTestKit.describe(name) == nil)
            #expect(try await Self.auditCount(app, action: "repository.create") == 0)
        }
    }

    @Test func createRejectsMalformedJSONAndMediaType() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("syntax")
            let broken = try await app.request(
                "POST",
                "/v1/repositories",
                token: app.adminToken,
                body: "{\"name\": \"\(name)\""
            )
            #expect(broken.status == 400)
            let xml = try await app.request(
                "POST",
                "/v1/repositories",
                token: app.adminToken,
                body: "{\"name\": \"\(name)\"}",
                headers: ["Content-Type": "application/xml"]
            )
            #expect(xml.status == 415)
            #expect(try await RepositoryTestKit.describe(name) == nil)
        }
    }

    @Test func queryOptionsMustBeBooleans() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("flags")
            let create = try await app.request(
                "POST",
                "/v1/repositories?replicas=yes",
                token: app.adminToken,
                body: "{\"name\": \"\(name)\"}"
            )
            #expect(create.status == 400)
            #expect(create.errorFields == ["replicas"])
            #expect(try await RepositoryTestKit.describe(name) == nil)
            try await RepositoryTestKit.create(name)
            let delete = try await app.request("DELETE", "/v1/repositories/\(name)?force=1", token: app.adminToken)
            #expect(delete.status == 400)
            #expect(delete.errorFields == ["force"])
            #expect(try await RepositoryTestKit.describe(name) != nil)
        }
    }

    @Test func updateRejectsEachRuleWithoutAWSCall() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("patch")
            try await RepositoryTestKit.create(name)
            let cases: [(body: String, field: String)] = [
                ("{}", "(body)"),
                ("{\"scanOnPush\": \"true\"}", "scanOnPush"),
                ("{\"tagMutability\": \"LOCKED\"}", "tagMutability"),
                ("{\"tagMutability\": null}", "tagMutability"),
                ("{\"name\": \"other\"}", "name"),
                ("{\"encryption\": {\"type\": \"KMS\"}}", "encryption"),
                ("{\"scanOnPush\": true, \"owner\": \"me\"}", "owner"),
                ("7", "(body)"),
            ]
            for (body, field) in cases {
                let reply = try await app.request(
                    "PATCH",
                    "/v1/repositories/\(name)",
                    token: app.adminToken,
                    body: body
                )
                #expect(reply.status == 400, "\(body)")
                #expect(reply.errorFields.contains(field), "\(body) -> \(reply.errorFields)")
            }
            let described = try await RepositoryTestKit.describe(name)
            #expect(described?.imageScanningConfiguration?.scanOnPush == false)
            #expect(try await Self.auditCount(app, action: "repository.update") == 0)
        }
    }

    @Test func pathNameIsValidatedBeforeAWS() async throws {
        try await withApplication { app in
            for path in ["/v1/repositories/Team%2FApp", "/v1/repositories/team/-app/images"] {
                let reply = try await app.request("GET", path, token: app.viewerToken)
                #expect(reply.status == 400, "\(path)")
                #expect(reply.errorFields == ["name"], "\(path)")
            }
            let patch = try await app.request(
                "PATCH",
                "/v1/repositories/UPPER",
                token: app.adminToken,
                body: "{\"scanOnPush\": true}"
            )
            #expect(patch.status == 400)
            #expect(patch.errorFields == ["name"])
            let delete = try await app.request("DELETE", "/v1/repositories/a", token: app.adminToken)
            #expect(delete.status == 400)
            #expect(delete.errorFields == ["name"])
            #expect(try await Self.auditCount(app, action: "repository.update") == 0)
            #expect(try await Self.auditCount(app, action: "repository.delete") == 0)
        }
    }

    /// Counts this application's audit rows for `action`; each test has its own database.
    static func auditCount(_ app: TestApplication, action: String) async throws -> Int {
        var filter = AuditFilter()
        filter.action = action
        return try await app.auditLog.list(filter: filter, limit: 500).items.count
    }
}
