import AWSClient
import ControlPlane
import Foundation
import Observability
import Testing

/// `POST /v1/repositories/{name}/lifecycle-policy/preview` against images pushed to moto, with the examples of
/// the ECR user guide's "Examples of lifecycle policies". moto records push times in whole seconds, so images
/// are pushed more than a second apart to give them a definite order.
@Suite(.enabled(if: PolicyTestSupport.motoAvailable))
struct LifecyclePreviewTests {
    /// Pushes one image per tag list, oldest first, and returns their digests in the same order.
    static func pushInOrder(_ repository: String, _ tagLists: [[String]]) async throws -> [String] {
        var digests: [String] = []
        for (index, tags) in tagLists.enumerated() {
            if index > 0 {
                try await Task.sleep(for: .milliseconds(1_100))
            }
            digests.append(try await PolicyTestSupport.pushImage(repository, tags: tags))
        }
        return digests
    }

    static func preview(
        _ app: TestApplication,
        _ repository: String,
        policy: String?,
        at: String? = nil
    ) async throws -> TestApplication.Reply {
        let query = at.map { "?at=\($0)" } ?? ""
        return try await app.request(
            "POST",
            LifecycleFixture.path(repository) + "/preview" + query,
            token: app.viewerToken,
            body: policy
        )
    }

    /// Maps each expiring digest to its rule priority.
    static func expiring(_ reply: TestApplication.Reply) -> [String: Int] {
        var result: [String: Int] = [:]
        for item in reply.json["expiring"] as? [[String: Any]] ?? [] {
            if let digest = item["imageDigest"] as? String, let priority = item["rulePriority"] as? Int {
                result[digest] = priority
            }
        }
        return result
    }

    static func kept(_ reply: TestApplication.Reply) -> Set<String> {
        Set((reply.json["kept"] as? [[String: Any]] ?? []).compactMap { $0["imageDigest"] as? String })
    }

    // "Filtering on image count": keep one untagged image and expire the others.
    @Test func imageCountKeepsNewestUntagged() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("preview-count")
            try await PolicyTestSupport.createRepository(name)
            let digests = try await Self.pushInOrder(name, [[], [], [], ["v1"]])
            let policy = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.keepOneUntagged))
            let reply = try await Self.preview(app, name, policy: policy)
            #expect(reply.status == 200)
            #expect(reply.json["policySource"] as? String == "request")
            #expect(Self.expiring(reply) == [digests[0]: 1, digests[1]: 1])
            #expect(Self.kept(reply) == [digests[2], digests[3]])
            let first = (reply.json["expiring"] as? [[String: Any]])?.first
            #expect(first?["ruleDescription"] as? String == "rule 1 of the test policy")
        }
    }

    // "Filtering on multiple rules", example A: rule 2 would expire A and B, but rule 1 selected both first.
    @Test func multipleRulesExampleA() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("preview-rules-a")
            try await PolicyTestSupport.createRepository(name)
            let digests = try await Self.pushInOrder(name, [["beta-1", "prod-1"], ["beta-2", "prod-2"], ["beta-3"]])
            let policy = LifecycleFixture.policy(
                LifecycleFixture.rule(
                    1,
                    #""tagStatus": "tagged", "tagPrefixList": ["prod"], "countType": "imageCountMoreThan", "countNumber": 1"#
                ),
                LifecycleFixture.rule(
                    2,
                    #""tagStatus": "tagged", "tagPrefixList": ["beta"], "countType": "imageCountMoreThan", "countNumber": 1"#
                )
            )
            let reply = try await Self.preview(app, name, policy: policy)
            #expect(Self.expiring(reply) == [digests[0]: 1])
            #expect(Self.kept(reply) == [digests[1], digests[2]])
        }
    }

    // "Filtering on multiple rules", example B.
    @Test func multipleRulesExampleB() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("preview-rules-b")
            try await PolicyTestSupport.createRepository(name)
            let digests = try await Self.pushInOrder(
                name,
                [["beta-1", "prod-1"], ["beta-2", "prod-2"], ["beta-3", "prod-3"]]
            )
            let policy = LifecycleFixture.policy(
                LifecycleFixture.rule(
                    1,
                    #""tagStatus": "tagged", "tagPatternList": ["prod*"], "countType": "imageCountMoreThan", "countNumber": 1"#
                ),
                LifecycleFixture.rule(
                    2,
                    #""tagStatus": "tagged", "tagPatternList": ["beta*"], "countType": "imageCountMoreThan", "countNumber": 1"#
                )
            )
            let reply = try await Self.preview(app, name, policy: policy)
            #expect(Self.expiring(reply) == [digests[0]: 1, digests[1]: 1])
            #expect(Self.kept(reply) == [digests[2]])
        }
    }

    // "Filtering on multiple tags in a single rule", example B: only images with both prefixes count.
    @Test func multipleTagsImageCount() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("preview-tags")
            try await PolicyTestSupport.createRepository(name)
            let digests = try await Self.pushInOrder(
                name,
                [["alpha-1", "beta-1", "gamma-1"], ["alpha-2", "beta-2"], ["alpha-3", "beta-3", "gamma-2"]]
            )
            let policy = LifecycleFixture.policy(
                LifecycleFixture.rule(
                    1,
                    #""tagStatus": "tagged", "tagPrefixList": ["alpha", "beta"], "countType": "imageCountMoreThan", "countNumber": 1"#
                )
            )
            let reply = try await Self.preview(app, name, policy: policy)
            #expect(Self.expiring(reply) == [digests[0]: 1, digests[1]: 1])
        }
    }

    // "Filtering on all images", example A: tagStatus any keeps only the newest image.
    @Test func allImagesKeepOne() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("preview-any")
            try await PolicyTestSupport.createRepository(name)
            let digests = try await Self.pushInOrder(name, [["alpha-1"], ["beta-1"], [], ["alpha-2"]])
            let policy = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne))
            let reply = try await Self.preview(app, name, policy: policy)
            #expect(Self.expiring(reply) == [digests[0]: 1, digests[1]: 1, digests[2]: 1])
            #expect(Self.kept(reply) == [digests[3]])
        }
    }

    // "Filtering on image age": prod images older than 14 days expire, evaluated 15 days from now with `at`.
    @Test func imageAgeWithEvaluationTime() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("preview-age")
            try await PolicyTestSupport.createRepository(name)
            let prod = try await PolicyTestSupport.pushImage(name, tags: ["prod-1"])
            let dev = try await PolicyTestSupport.pushImage(name, tags: ["dev-1"])
            let policy = LifecycleFixture.policy(
                LifecycleFixture.rule(
                    1,
                    #""tagStatus": "tagged", "tagPatternList": ["prod*"], "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14"#
                )
            )
            let now = try await Self.preview(app, name, policy: policy)
            #expect(Self.expiring(now).isEmpty)
            #expect(Self.kept(now) == [prod, dev])
            // Whole seconds, so the time survives the round trip through RFC 3339 text exactly.
            let later = RFC3339.string(
                from: Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 15 * 86_400).rounded())
            )
            let reply = try await Self.preview(app, name, policy: policy, at: later)
            #expect(reply.status == 200)
            #expect(Self.expiring(reply) == [prod: 1])
            #expect(reply.json["evaluatedAt"] as? String == later)
        }
    }

    // An image index that is kept protects the manifests it lists, which the rule alone would expire.
    @Test func keptIndexProtectsItsManifests() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("preview-index")
            try await PolicyTestSupport.createRepository(name)
            let children = try await Self.pushInOrder(name, [[], []])
            try await Task.sleep(for: .milliseconds(1_100))
            let index = try await PolicyTestSupport.pushIndex(name, manifests: children, tag: "v1")
            let policy = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne))
            let reply = try await Self.preview(app, name, policy: policy)
            #expect(reply.status == 200)
            #expect(Self.expiring(reply).isEmpty)
            #expect(Self.kept(reply) == Set(children + [index]))
            let kept = reply.json["kept"] as? [[String: Any]] ?? []
            let protected = kept.filter { $0["keptForManifestList"] as? String == index }
            #expect(protected.count == 2)
        }
    }

    @Test func emptyBodyUsesStoredPolicy() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("preview-stored")
            try await PolicyTestSupport.createRepository(name)
            let missing = try await Self.preview(app, name, policy: nil)
            #expect(missing.status == 404)
            #expect(missing.json["awsErrorCode"] as? String == "LifecyclePolicyNotFoundException")
            let digests = try await Self.pushInOrder(name, [["a"], ["b"]])
            let policy = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne))
            _ = try await app.request("PUT", LifecycleFixture.path(name), token: app.adminToken, body: policy)
            let reply = try await Self.preview(app, name, policy: nil)
            #expect(reply.status == 200)
            #expect(reply.json["policySource"] as? String == "stored")
            #expect(Self.expiring(reply) == [digests[0]: 1])
        }
    }

    @Test func previewErrors() async throws {
        try await withApplication { app in
            let name = PolicyTestSupport.uniqueName("preview-errors")
            let policy = LifecycleFixture.policy(LifecycleFixture.rule(1, LifecycleFixture.anyKeepOne))
            let missing = try await Self.preview(app, name, policy: policy)
            #expect(missing.status == 404)
            #expect(missing.json["awsErrorCode"] as? String == "RepositoryNotFoundException")
            let invalid = try await Self.preview(app, name, policy: #"{"rules": []}"#)
            #expect(invalid.status == 400)
            #expect(invalid.errorFields.contains("rules"))
            let badTime = try await Self.preview(app, name, policy: policy, at: "yesterday")
            #expect(badTime.status == 400)
            #expect(badTime.errorFields == ["at"])
        }
    }
}
