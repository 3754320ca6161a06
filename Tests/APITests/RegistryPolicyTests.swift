import AWSClient
import ControlPlane
import Foundation
import Testing

/// `GET`/`PUT`/`DELETE /v1/registry-policy` over HTTP against moto. Each test uses a region of its own, because
/// a registry has one policy and the tests share one moto.
@Suite(.enabled(if: PolicyTestSupport.motoAvailable))
struct RegistryPolicyTests {
    static func path(_ region: String, account: String = PolicyTestSupport.account) -> String {
        "/v1/registry-policy?region=\(region)&account=\(account)"
    }

    /// Returns a registry policy that grants `actions` to the source account on the repositories of `region`.
    static func policy(region: String, actions: [String] = IAMPolicyDocument.replicationActions) -> String {
        let list = actions.map { "\"\($0)\"" }.joined(separator: ", ")
        return #"""
            {"Version": "2012-10-17", "Statement": [{"Sid": "replication", "Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": [\#(list)],
              "Resource": "arn:aws:ecr:\#(region):123456789012:repository/*"}]}
            """#
    }

    static func target(_ region: String) -> String {
        "registry:\(region)/\(PolicyTestSupport.account)/registry-policy"
    }

    @Test func putThenGetReportsReplicationAllowed() async throws {
        try await withApplication { app in
            let region = "ca-central-1"
            let text = Self.policy(region: region)
            let put = try await app.request("PUT", Self.path(region), token: app.adminToken, body: text)
            #expect(put.status == 200)
            let got = try await app.request("GET", Self.path(region), token: app.viewerToken)
            #expect(got.status == 200)
            #expect(got.json["policyText"] as? String == text)
            #expect(got.json["registryId"] as? String == PolicyTestSupport.account)
            #expect(got.headers["etag"] == put.headers["etag"])
            let permission = got.json["replicationPermission"] as? [String: Any] ?? [:]
            #expect(permission["allowsReplication"] as? Bool == true)
            #expect(permission["required"] as? Bool == false)
            #expect(permission["sourceAccount"] as? String == PolicyTestSupport.account)
            #expect((permission["gaps"] as? [Any])?.isEmpty == true)
            let event = try #require(try await app.auditLog.history(of: Self.target(region)).items.first)
            #expect(event.action == "registry-policy.put")
            #expect(event.outcome == .succeeded)
            #expect(event.after?.contains("ecr:ReplicateImage") == true)
        }
    }

    @Test func missingGrantIsReported() async throws {
        try await withApplication { app in
            let region = "sa-east-1"
            let text = Self.policy(region: region, actions: ["ecr:ReplicateImage"])
            let put = try await app.request("PUT", Self.path(region), token: app.adminToken, body: text)
            #expect(put.status == 200)
            let permission = put.json["replicationPermission"] as? [String: Any] ?? [:]
            #expect(permission["allowsReplication"] as? Bool == false)
            let gaps = permission["gaps"] as? [[String: Any]] ?? []
            #expect(gaps.count == 1)
            #expect(gaps.first?["action"] as? String == "ecr:CreateRepository")
            #expect(gaps.first?["kind"] as? String == "action")
        }
    }

    // moto, like ECR, accepts only ecr:CreateRepository and ecr:ReplicateImage in a registry policy, so a
    // policy with another ecr: action passes the local check and is rejected by AWS.
    @Test func policyRejectedByAWSIsAuditedFailure() async throws {
        try await withApplication { app in
            let region = "us-west-1"
            let text = Self.policy(region: region, actions: ["ecr:ReplicateImage", "ecr:BatchGetImage"])
            let reply = try await app.request("PUT", Self.path(region), token: app.adminToken, body: text)
            #expect(reply.status == 400)
            #expect(reply.json["awsErrorCode"] as? String == "InvalidParameterException")
            let event = try #require(try await app.auditLog.history(of: Self.target(region)).items.first)
            #expect(event.outcome == .failed)
            #expect(event.failure?.code == "InvalidParameterException")
            #expect(event.after == nil)
        }
    }

    @Test func invalidInputIsRejectedWithoutAWSCall() async throws {
        try await withApplication { app in
            let region = "eu-south-2"
            let noResource =
                #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:ReplicateImage"}]}"#
            let cases: [(path: String, body: String, field: String)] = [
                (Self.path(region), noResource, "Statement[0].Resource"),
                (Self.path(region), #"{"Statement": []}"#, "Version"),
                ("/v1/registry-policy?region=moon&account=123456789012", Self.policy(region: region), "region"),
                ("/v1/registry-policy?region=\(region)&account=12ab", Self.policy(region: region), "account"),
            ]
            for (path, body, field) in cases {
                let reply = try await app.request("PUT", path, token: app.adminToken, body: body)
                #expect(reply.status == 400, "\(field)")
                #expect(reply.errorFields.contains(field), "expected \(field) in \(reply.errorFields)")
            }
            let got = try await app.request("GET", Self.path(region), token: app.viewerToken)
            #expect(got.status == 404)
            #expect(got.json["awsErrorCode"] as? String == "RegistryPolicyNotFoundException")
            #expect(try await app.auditLog.history(of: Self.target(region)).items.isEmpty)
        }
    }

    @Test func deleteAndStaleIfMatch() async throws {
        try await withApplication { app in
            let region = "ap-east-1"
            let put = try await app.request(
                "PUT",
                Self.path(region),
                token: app.adminToken,
                body: Self.policy(region: region)
            )
            let tag = try #require(put.headers["etag"])
            let stale = try await app.request(
                "DELETE",
                Self.path(region),
                token: app.adminToken,
                headers: ["If-Match": "\"stale\""]
            )
            #expect(stale.status == 412)
            let deleted = try await app.request(
                "DELETE",
                Self.path(region),
                token: app.adminToken,
                headers: ["If-Match": tag]
            )
            #expect(deleted.status == 200)
            #expect(deleted.json["policyText"] == nil)
            let permission = deleted.json["replicationPermission"] as? [String: Any] ?? [:]
            #expect(permission["allowsReplication"] as? Bool == false)
            let again = try await app.request("DELETE", Self.path(region), token: app.adminToken)
            #expect(again.status == 404)
            #expect(again.json["awsErrorCode"] as? String == "RegistryPolicyNotFoundException")
            let events = try await app.auditLog.history(of: Self.target(region)).items
            #expect(
                events.map(\.action) == ["registry-policy.delete", "registry-policy.delete", "registry-policy.put"]
            )
            #expect(events.map(\.outcome) == [.failed, .succeeded, .succeeded])
        }
    }

    @Test func accountWithoutRoleIsRejected() async throws {
        try await withApplication { app in
            let reply = try await app.request(
                "GET",
                Self.path("eu-west-1", account: "111122223333"),
                token: app.viewerToken
            )
            #expect(reply.status == 400)
            #expect(
                reply.json["detail"] as? String == RegistryContextError.noRoleForAccount("111122223333").description
            )
        }
    }

    @Test func viewerCannotChangePolicy() async throws {
        try await withApplication { app in
            let region = "us-west-2"
            let put = try await app.request(
                "PUT",
                Self.path(region),
                token: app.viewerToken,
                body: Self.policy(region: region)
            )
            #expect(put.status == 403)
            let delete = try await app.request("DELETE", Self.path(region), token: app.operatorToken)
            #expect(delete.status == 403)
        }
    }
}
