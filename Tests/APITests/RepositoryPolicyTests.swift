import AWSClient
import ControlPlane
import Foundation
import Testing

/// `GET`/`PUT`/`DELETE /v1/repositories/{name}/policy` over HTTP against moto.
@Suite(.enabled(if: PolicyTestSupport.motoAvailable))
struct RepositoryPolicyTests {
    static let pull =
        #"{"Sid": "pull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}"#

    static func policy(_ statements: String = "[\(pull)]") -> String {
        #"{"Version": "2012-10-17", "Statement": \#(statements)}"#
    }

    static func path(_ repository: String) -> String {
        "/v1/repositories/\(repository)/policy"
    }

    @Test func putThenGetReturnsExactBytes() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("team/policy")
            try await PolicyTestSupport.createRepository(name)
            let text = "{\n  \"Version\":\"2012-10-17\",  \"Statement\": [\(Self.pull)]\n}"
            let put = try await app.request("PUT", Self.path(name), token: app.adminToken, body: text)
            #expect(put.status == 200)
            #expect(put.json["policyText"] as? String == text)
            let got = try await app.request("GET", Self.path(name), token: app.viewerToken)
            #expect(got.status == 200)
            #expect(got.text == text)
            #expect(got.headers["etag"] == put.headers["etag"])
            let event = try #require(try await app.auditLog.history(of: "repository:\(name)/policy").items.first)
            #expect(event.action == "repository-policy.put")
            #expect(event.outcome == .succeeded)
            #expect(event.before == nil)
            #expect(event.after?.contains("ecr:BatchGetImage") == true)
        }
    }

    @Test func missingRepositoryAndPolicyAreNotFound() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("nopolicy")
            try await PolicyTestSupport.createRepository(name)
            let noPolicy = try await app.request("GET", Self.path(name), token: app.viewerToken)
            #expect(noPolicy.status == 404)
            #expect(noPolicy.json["awsErrorCode"] as? String == "RepositoryPolicyNotFoundException")
            let missing = PolicyTestSupport.uniqueName("norepo")
            let put = try await app.request("PUT", Self.path(missing), token: app.adminToken, body: Self.policy())
            #expect(put.status == 404)
            #expect(put.json["awsErrorCode"] as? String == "RepositoryNotFoundException")
            let event = try #require(try await app.auditLog.history(of: "repository:\(missing)/policy").items.first)
            #expect(event.outcome == .failed)
            #expect(event.failure?.code == "RepositoryNotFoundException")
        }
    }

    // The local check does not evaluate condition operators. moto's IAM validator rejects an unknown one, as AWS
    // does, so this policy passes locally and is rejected by AWS.
    @Test func policyRejectedByAWSIsAuditedFailure() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("rejected")
            try await PolicyTestSupport.createRepository(name)
            let stored = try await app.request("PUT", Self.path(name), token: app.adminToken, body: Self.policy())
            #expect(stored.status == 200)
            let statement =
                #"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage", "Condition": {"NoSuchOperator": {"aws:SourceAccount": "111122223333"}}}]"#
            let reply = try await app.request(
                "PUT",
                Self.path(name),
                token: app.adminToken,
                body: Self.policy(statement)
            )
            #expect(reply.status == 400)
            #expect(reply.json["awsErrorCode"] as? String == "InvalidParameterException")
            let got = try await app.request("GET", Self.path(name), token: app.viewerToken)
            #expect(got.text == Self.policy())
            let event = try #require(try await app.auditLog.history(of: "repository:\(name)/policy").items.first)
            #expect(event.outcome == .failed)
            #expect(event.failure?.code == "InvalidParameterException")
            #expect(event.before?.contains("ecr:GetDownloadUrlForLayer") == true)
            #expect(event.after == nil)
        }
    }

    /// One policy per local check and the field its error names.
    static let invalidPolicies: [(body: String, field: String)] = [
        (#"{"Statement": [\#(pull)]}"#, "Version"),
        (#"{"Version": "2012-10-18", "Statement": [\#(pull)]}"#, "Version"),
        (#"{"Version": "2012-10-17"}"#, "Statement"),
        (policy("[]"), "Statement"),
        (policy(#"[{"Principal": "*", "Action": "ecr:*"}]"#), "Statement[0].Effect"),
        (policy(#"[{"Effect": "Permit", "Principal": "*", "Action": "ecr:*"}]"#), "Statement[0].Effect"),
        (policy(#"[{"Effect": "Allow", "Action": "ecr:*"}]"#), "Statement[0].Principal"),
        (policy(#"[{"Effect": "Allow", "Principal": "*"}]"#), "Statement[0].Action"),
        (
            policy(#"[{"Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "s3:GetObject"]}]"#),
            "Statement[0].Action[1]"
        ),
        (
            policy(#"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Resource": null}]"#),
            "Statement[0].Resource"
        ),
        (
            policy(#"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Actions": "ecr:*"}]"#),
            "Statement[0].Actions"
        ),
        (
            policy(#"[{"Effect": "Deny", "Principal": "*", "NotPrincipal": "*", "Action": "ecr:*"}]"#),
            "Statement[0].NotPrincipal"
        ),
        (
            policy(#"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Condition": "yes"}]"#),
            "Statement[0].Condition"
        ),
        (policy("[\(pull), \(pull)]"), "Statement[1].Sid"),
        (policy("[\(pull), \"Allow\"]"), "Statement[1]"),
        (policy(#"[{"Effect": "Allow", "Principal": "*", "Action": "*"}]"#), "Statement[0].Action"),
        // Whitespace counts toward ECR's 10,240-character limit on policyText.
        (policy() + String(repeating: " ", count: 10_300), "(body)"),
    ]

    @Test func everyLocalCheckNamesItsFieldAndChangesNothing() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("invalid")
            try await PolicyTestSupport.createRepository(name)
            _ = try await app.request("PUT", Self.path(name), token: app.adminToken, body: Self.policy())
            for (body, field) in Self.invalidPolicies {
                let reply = try await app.request("PUT", Self.path(name), token: app.adminToken, body: body)
                #expect(reply.status == 400, "\(field)")
                #expect(reply.errorFields.contains(field), "expected \(field) in \(reply.errorFields)")
                #expect(reply.json["awsErrorCode"] == nil)
            }
            let got = try await app.request("GET", Self.path(name), token: app.viewerToken)
            #expect(got.text == Self.policy())
            #expect(try await app.auditLog.history(of: "repository:\(name)/policy").items.count == 1)
        }
    }

    @Test func deleteAndStaleIfMatch() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("delete")
            try await PolicyTestSupport.createRepository(name)
            let put = try await app.request("PUT", Self.path(name), token: app.adminToken, body: Self.policy())
            let staleTag = try #require(put.headers["etag"])
            let changed = Self.policy(Self.pull.replacingOccurrences(of: "111122223333", with: "444455556666"))
            let update = try await app.request(
                "PUT",
                Self.path(name),
                token: app.adminToken,
                body: changed
            )
            #expect(update.status == 200)
            let conflict = try await app.request(
                "DELETE",
                Self.path(name),
                token: app.adminToken,
                headers: ["If-Match": staleTag]
            )
            #expect(conflict.status == 412)
            let deleted = try await app.request(
                "DELETE",
                Self.path(name),
                token: app.adminToken,
                headers: ["If-Match": try #require(update.headers["etag"])]
            )
            #expect(deleted.status == 200)
            let got = try await app.request("GET", Self.path(name), token: app.viewerToken)
            #expect(got.status == 404)
            let event = try #require(try await app.auditLog.history(of: "repository:\(name)/policy").items.first)
            #expect(event.action == "repository-policy.delete")
            #expect(event.before?.contains("444455556666") == true)
            #expect(event.after == nil)
        }
    }

    @Test func viewerCannotChangePolicy() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("roles")
            let put = try await app.request("PUT", Self.path(name), token: app.viewerToken, body: Self.policy())
            #expect(put.status == 403)
            let delete = try await app.request("DELETE", Self.path(name), token: app.viewerToken)
            #expect(delete.status == 403)
        }
    }

    @Test func applyToReplicasSetsReplicaPolicy() async throws {
        try await withApplication(sourceRegion: "ap-southeast-1") { app in
            let name = PolicyTestSupport.uniqueName("replicated")
            let configuration =
                #"{"rules": [{"destinations": [{"region": "ap-southeast-2", "registryId": "123456789012"}]}]}"#
            let set = try await app.request(
                "PUT",
                "/v1/replication-configuration",
                token: app.adminToken,
                body: configuration
            )
            #expect(set.status == 200)
            try await PolicyTestSupport.createRepository(name, region: "ap-southeast-1")
            try await PolicyTestSupport.createRepository(name, region: "ap-southeast-2")
            let reply = try await app.request(
                "PUT",
                Self.path(name) + "?replicas=true",
                token: app.adminToken,
                body: Self.policy()
            )
            #expect(reply.status == 200)
            let replicas = reply.json["replicas"] as? [[String: Any]] ?? []
            #expect(replicas.count == 1)
            #expect(replicas.first?["outcome"] as? String == "succeeded")
            let replica = try await PolicyTestSupport.ecr("ap-southeast-2").getRepositoryPolicy(
                .init(repositoryName: name)
            )
            #expect(replica.policyText == Self.policy())
        }
    }
}
