import AWSClient
import ControlPlane
import Foundation
import Testing

/// Builds lifecycle policy documents for the HTTP tests.
enum LifecycleFixture {
    static func rule(_ priority: Int, _ selection: String, action: String = #"{"type": "expire"}"#) -> String {
        #"{"rulePriority": \#(priority), "description": "rule \#(priority) of the test policy", "selection": {\#(selection)}, "action": \#(action)}"#
    }

    static func policy(_ rules: String...) -> String {
        "{\"rules\": [\(rules.joined(separator: ", "))]}"
    }

    static let keepOneUntagged = #""tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1"#
    static let anyKeepOne = #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1"#

    static func path(_ repository: String) -> String {
        "/v1/repositories/\(repository)/lifecycle-policy"
    }
}

/// `GET`/`PUT`/`DELETE /v1/repositories/{name}/lifecycle-policy` over HTTP against moto.
@Suite(.enabled(if: PolicyTestSupport.motoAvailable))
struct LifecyclePolicyTests {
    @Test func putThenGetReturnsExactBytes() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("team/lifecycle")
            try await PolicyTestSupport.createRepository(name)
            // Unusual spacing and key order must survive, because GET returns what ECR stores.
            let text = "{ \"rules\":[\n  " + LifecycleFixture.rule(1, LifecycleFixture.keepOneUntagged) + " ]  }\n"
            let put = try await app.request("PUT", LifecycleFixture.path(name), token: app.adminToken, body: text)
            #expect(put.status == 200)
            #expect(put.json["policyText"] as? String == text)
            #expect(put.json["repositoryName"] as? String == name)
            let got = try await app.request("GET", LifecycleFixture.path(name), token: app.viewerToken)
            #expect(got.status == 200)
            #expect(got.text == text)
            #expect(got.headers["etag"] == put.headers["etag"])
            let stored = try await PolicyTestSupport.ecr().getLifecyclePolicy(.init(repositoryName: name))
            #expect(stored.lifecyclePolicyText == text)
        }
    }

    @Test func encodedSlashNameWorks() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("team/encoded")
            try await PolicyTestSupport.createRepository(name)
            let encoded = name.replacingOccurrences(of: "/", with: "%2F")
            let text = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne))
            let put = try await app.request("PUT", LifecycleFixture.path(encoded), token: app.adminToken, body: text)
            #expect(put.status == 200)
            #expect(put.json["repositoryName"] as? String == name)
        }
    }

    @Test func putToMissingRepositoryIsAuditedFailure() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("missing")
            let text = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne))
            let reply = try await app.request("PUT", LifecycleFixture.path(name), token: app.adminToken, body: text)
            #expect(reply.status == 404)
            #expect(reply.json["awsErrorCode"] as? String == "RepositoryNotFoundException")
            let event = try #require(
                try await app.auditLog.history(of: "repository:\(name)/lifecycle-policy").items.first
            )
            #expect(event.action == "lifecycle-policy.put")
            #expect(event.outcome == .failed)
            #expect(event.failure?.code == "RepositoryNotFoundException")
            #expect(event.before == nil)
            #expect(event.after == nil)
        }
    }

    @Test func getWithoutPolicyIsNotFound() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("nopolicy")
            try await PolicyTestSupport.createRepository(name)
            let reply = try await app.request("GET", LifecycleFixture.path(name), token: app.viewerToken)
            #expect(reply.status == 404)
            #expect(reply.json["awsErrorCode"] as? String == "LifecyclePolicyNotFoundException")
            let missing = try await app.request(
                "GET",
                LifecycleFixture.path(PolicyTestSupport.uniqueName("norepo")),
                token: app.viewerToken
            )
            #expect(missing.status == 404)
            #expect(missing.json["awsErrorCode"] as? String == "RepositoryNotFoundException")
        }
    }

    @Test func deleteRemovesPolicyAndAudits() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("delete")
            try await PolicyTestSupport.createRepository(name)
            let text = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne))
            _ = try await app.request("PUT", LifecycleFixture.path(name), token: app.adminToken, body: text)
            let deleted = try await app.request("DELETE", LifecycleFixture.path(name), token: app.adminToken)
            #expect(deleted.status == 200)
            #expect(deleted.json["policyText"] == nil)
            let got = try await app.request("GET", LifecycleFixture.path(name), token: app.viewerToken)
            #expect(got.status == 404)
            let again = try await app.request("DELETE", LifecycleFixture.path(name), token: app.adminToken)
            #expect(again.status == 404)
            #expect(again.json["awsErrorCode"] as? String == "LifecyclePolicyNotFoundException")
            let events = try await app.auditLog.history(of: "repository:\(name)/lifecycle-policy").items
            #expect(
                events.map(\.action) == ["lifecycle-policy.delete", "lifecycle-policy.delete", "lifecycle-policy.put"]
            )
            #expect(events.map(\.outcome) == [.failed, .succeeded, .succeeded])
            #expect(events[1].before?.contains("rule 1 of the test policy") == true)
            #expect(events[1].after == nil)
            #expect(events[2].before == nil)
            #expect(events[2].after?.contains("\"region\":\"us-east-1\"") == true)
        }
    }

    @Test func staleIfMatchIsPreconditionFailed() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("etag")
            try await PolicyTestSupport.createRepository(name)
            let first = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne))
            let second = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.keepOneUntagged))
            let put = try await app.request("PUT", LifecycleFixture.path(name), token: app.adminToken, body: first)
            let staleTag = try #require(put.headers["etag"])
            let update = try await app.request(
                "PUT",
                LifecycleFixture.path(name),
                token: app.adminToken,
                body: second,
                headers: ["If-Match": staleTag]
            )
            #expect(update.status == 200)
            let conflict = try await app.request(
                "PUT",
                LifecycleFixture.path(name),
                token: app.adminToken,
                body: first,
                headers: ["If-Match": staleTag]
            )
            #expect(conflict.status == 412)
            let got = try await app.request("GET", LifecycleFixture.path(name), token: app.viewerToken)
            #expect(got.text == second)
        }
    }

    /// One policy per validation rule and the field its error names.
    static let invalidPolicies: [(body: String, field: String)] = {
        let rule = { (priority: Int, selection: String) in LifecycleFixture.rule(priority, selection) }
        let policy = { (rules: [String]) in "{\"rules\": [\(rules.joined(separator: ", "))]}" }
        let tagged =
            #""tagStatus": "tagged", "tagPrefixList": ["prod"], "countType": "imageCountMoreThan", "countNumber": 3"#
        let fiftyOne = (1...51).map {
            rule(
                $0,
                #""tagStatus": "tagged", "tagPrefixList": ["p\#($0)"], "countType": "imageCountMoreThan", "countNumber": 1"#
            )
        }
        return [
            (
                #"{"rulez": [], "padding": "................................................................................................"}"#,
                "rulez"
            ),
            (#"{"rules": []}"#, "rules"),
            (policy(fiftyOne), "rules"),
            (policy([rule(0, LifecycleFixture.anyKeepOne)]), "rules[0].rulePriority"),
            (policy([rule(1, LifecycleFixture.keepOneUntagged), rule(1, tagged)]), "rules[1].rulePriority"),
            (
                policy([LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne, action: #"{"type": "transition"}"#)]),
                "rules[0].action.type"
            ),
            (
                policy([rule(1, #""tagStatus": "tagged", "countType": "imageCountMoreThan", "countNumber": 1"#)]),
                "rules[0].selection.tagStatus"
            ),
            (
                policy([
                    rule(
                        1,
                        #""tagStatus": "untagged", "tagPrefixList": ["a"], "countType": "imageCountMoreThan", "countNumber": 1"#
                    )
                ]), "rules[0].selection.tagPrefixList"
            ),
            (
                policy([
                    rule(
                        1,
                        #""tagStatus": "tagged", "tagPrefixList": ["a"], "tagPatternList": ["a*"], "countType": "imageCountMoreThan", "countNumber": 1"#
                    )
                ]), "rules[0].selection.tagPatternList"
            ),
            (
                policy([
                    rule(
                        1,
                        #""tagStatus": "tagged", "tagPatternList": ["a*b*c*d*e*"], "countType": "imageCountMoreThan", "countNumber": 1"#
                    )
                ]), "rules[0].selection.tagPatternList[0]"
            ),
            (policy([rule(1, LifecycleFixture.anyKeepOne), rule(2, tagged)]), "rules[0].rulePriority"),
            (
                policy([
                    rule(1, LifecycleFixture.keepOneUntagged),
                    rule(
                        2,
                        #""tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 3"#
                    ),
                ]), "rules[1].selection.tagStatus"
            ),
            (policy([rule(1, tagged), rule(2, tagged)]), "rules[1].selection.tagPrefixList"),
            (
                policy([
                    rule(
                        1,
                        #""tagStatus": "any", "countType": "imageCountMoreThan", "countUnit": "days", "countNumber": 1"#
                    )
                ]), "rules[0].selection.countUnit"
            ),
            (
                policy([rule(1, #""tagStatus": "any", "countType": "sinceImagePushed", "countNumber": 1"#)]),
                "rules[0].selection.countUnit"
            ),
            (
                policy([
                    rule(
                        1,
                        #""tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "hours", "countNumber": 1"#
                    )
                ]), "rules[0].selection.countUnit"
            ),
            (
                policy([rule(1, #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 0"#)]),
                "rules[0].selection.countNumber"
            ),
            (
                policy([rule(1, #""tagStatus": "any", "countType": "sinceImagePulled", "countNumber": 1"#)]),
                "rules[0].selection.countType"
            ),
            (
                policy([
                    #"{"rulePriority": 1, "description": null, "selection": {\#(LifecycleFixture.anyKeepOne)}, "action": {"type": "expire"}}"#
                ]), "rules[0].description"
            ),
            (
                policy([
                    #"{"rulePriority": 1, "description": "unknown key", "selection": {\#(LifecycleFixture.anyKeepOne), "storageClass": "x"}, "action": {"type": "expire"}}"#
                ]), "rules[0].selection.storageClass"
            ),
            (#"{"rules": [{"rulePriority": 1}]}"#, "(body)"),
            (
                policy([
                    rule(
                        1,
                        #""tagStatus": "tagged", "tagPrefixList": [], "countType": "imageCountMoreThan", "countNumber": 1"#
                    )
                ]), "rules[0].selection.tagPrefixList"
            ),
            (
                policy([
                    rule(
                        1,
                        #""tagStatus": "tagged", "tagPrefixList": ["a", ""], "countType": "imageCountMoreThan", "countNumber": 1"#
                    )
                ]), "rules[0].selection.tagPrefixList[1]"
            ),
            (
                policy([rule(1, #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1.5"#)]),
                "rules[0].selection.countNumber"
            ),
            (
                policy([
                    #"{"rulePriority": "1", "description": "string priority", "selection": {\#(LifecycleFixture.anyKeepOne)}, "action": {"type": "expire"}}"#
                ]), "rules[0].rulePriority"
            ),
            (
                policy([
                    #"{"rulePriority": 1, "description": "no action in this rule at all", "selection": {\#(LifecycleFixture.anyKeepOne)}}"#
                ]), "rules[0].action"
            ),
            (
                policy([
                    #"{"rulePriority": 1, "description": "no selection in this rule at all", "action": {"type": "expire"}}"#
                ]), "rules[0].selection"
            ),
            (policy([rule(1, LifecycleFixture.anyKeepOne)]) + String(repeating: " ", count: 30_800), "(body)"),
        ]
    }()

    @Test func everyValidationRuleNamesItsFieldAndChangesNothing() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("invalid")
            try await PolicyTestSupport.createRepository(name)
            let valid = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne))
            _ = try await app.request("PUT", LifecycleFixture.path(name), token: app.adminToken, body: valid)
            for (body, field) in Self.invalidPolicies {
                let reply = try await app.request("PUT", LifecycleFixture.path(name), token: app.adminToken, body: body)
                #expect(reply.status == 400, "\(field)")
                #expect(reply.errorFields.contains(field), "expected \(field) in \(reply.errorFields)")
            }
            let got = try await app.request("GET", LifecycleFixture.path(name), token: app.viewerToken)
            #expect(got.text == valid)
            let events = try await app.auditLog.history(of: "repository:\(name)/lifecycle-policy").items
            #expect(events.count == 1)
        }
    }

    @Test func invalidRepositoryNameIsRejected() async throws {
        try await withApplication { app in
            let text = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne))
            let reply = try await app.request(
                "PUT",
                LifecycleFixture.path("Team/App"),
                token: app.adminToken,
                body: text
            )
            #expect(reply.status == 400)
            #expect(reply.errorFields == ["name"])
        }
    }

    @Test func viewerCannotChangePolicy() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("roles")
            let text = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne))
            let put = try await app.request("PUT", LifecycleFixture.path(name), token: app.viewerToken, body: text)
            #expect(put.status == 403)
            let delete = try await app.request("DELETE", LifecycleFixture.path(name), token: app.operatorToken)
            #expect(delete.status == 403)
        }
    }
}

/// `?replicas=true` against a replication configuration in a region of its own.
@Suite(.enabled(if: PolicyTestSupport.motoAvailable))
struct LifecyclePolicyReplicaTests {
    @Test func applyToReplicasReachesEveryDestination() async throws {
        try await withApplication(sourceRegion: "ap-northeast-1") { app in
            let name = PolicyTestSupport.uniqueName("replicated")
            let configuration = #"""
                {"rules": [{"destinations": [{"region": "ap-northeast-2", "registryId": "123456789012"},
                  {"region": "ap-northeast-3", "registryId": "123456789012"}]}]}
                """#
            let set = try await app.request(
                "PUT",
                "/v1/replication-configuration",
                token: app.adminToken,
                body: configuration
            )
            #expect(set.status == 200)
            try await PolicyTestSupport.createRepository(name, region: "ap-northeast-1")
            try await PolicyTestSupport.createRepository(name, region: "ap-northeast-2")
            let text = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne))
            let reply = try await app.request(
                "PUT",
                LifecycleFixture.path(name) + "?replicas=true",
                token: app.adminToken,
                body: text
            )
            #expect(reply.status == 200)
            let replicas = reply.json["replicas"] as? [[String: Any]] ?? []
            #expect(replicas.count == 2)
            #expect(replicas.first?["region"] as? String == "ap-northeast-2")
            #expect(replicas.first?["outcome"] as? String == "succeeded")
            #expect(replicas.last?["region"] as? String == "ap-northeast-3")
            #expect(replicas.last?["outcome"] as? String == "failed")
            #expect(replicas.last?["errorCode"] as? String == "RepositoryNotFoundException")
            let replica = try await PolicyTestSupport.ecr("ap-northeast-2").getLifecyclePolicy(
                .init(repositoryName: name)
            )
            #expect(replica.lifecyclePolicyText == text)
            let events = try await app.auditLog.history(of: "repository:\(name)/lifecycle-policy").items
            #expect(events.count == 3)
            #expect(events.filter { $0.outcome == .failed }.count == 1)

            let deleted = try await app.request(
                "DELETE",
                LifecycleFixture.path(name) + "?replicas=true",
                token: app.adminToken
            )
            #expect(deleted.status == 200)
            let deletedReplicas = deleted.json["replicas"] as? [[String: Any]] ?? []
            #expect(deletedReplicas.first?["outcome"] as? String == "succeeded")
            await #expect(throws: AWSError.self) {
                _ = try await PolicyTestSupport.ecr("ap-northeast-2").getLifecyclePolicy(.init(repositoryName: name))
            }
        }
    }
}
