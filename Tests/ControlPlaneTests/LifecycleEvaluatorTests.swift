import Foundation
import Testing

@testable import ControlPlane

/// Builds policies and images for evaluator tables; `now` is fixed so ages are exact.
private enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func image(_ name: String, _ tags: [String], daysAgo: Double) -> LifecycleImage {
        LifecycleImage(digest: "sha256:\(name)", tags: tags, pushedAt: now.addingTimeInterval(-daysAgo * 86_400))
    }

    static func policy(_ json: String) throws -> LifecyclePolicy {
        try LifecyclePolicy(validating: Array(json.utf8))
    }

    /// Maps image name (the digest without `sha256:`) to the expiring rule priority, for every expired image.
    static func expired(_ evaluation: LifecycleEvaluation) -> [String: Int] {
        var result: [String: Int] = [:]
        for item in evaluation.expired {
            result[String(item.image.digest.dropFirst("sha256:".count))] = item.expiringRulePriority
        }
        return result
    }

    static func rule(_ priority: Int, _ selection: String) -> String {
        """
        {"rulePriority": \(priority), "description": "rule \(priority)", "selection": {\(selection)},
         "action": {"type": "expire"}}
        """
    }

    static func policyText(_ rules: String...) -> String {
        "{\"rules\": [\(rules.joined(separator: ", "))]}"
    }
}

@Suite("Lifecycle evaluator: documented ECR examples")
struct LifecycleDocumentedExampleTests {
    // ECR user guide, "Filtering on image age": tagPatternList ["prod*"], sinceImagePushed 14 days.
    @Test func imageAgeExpiresOldProdImagesOnly() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(
                    1,
                    #""tagStatus": "tagged", "tagPatternList": ["prod*"], "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14"#
                )
            )
        )
        let images = [
            Fixture.image("old-prod", ["prod-1"], daysAgo: 20),
            Fixture.image("new-prod", ["prod-2"], daysAgo: 10),
            Fixture.image("old-dev", ["dev-1"], daysAgo: 20),
            Fixture.image("old-untagged", [], daysAgo: 30),
        ]
        let expired = Fixture.expired(policy.evaluate(images, now: Fixture.now))
        #expect(expired == ["old-prod": 1])
    }

    // ECR user guide, "Filtering on image count": keep one untagged image, expire all others.
    @Test func imageCountKeepsNewestUntagged() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(1, #""tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1"#)
            )
        )
        let images = [
            Fixture.image("u1", [], daysAgo: 3),
            Fixture.image("u2", [], daysAgo: 2),
            Fixture.image("u3", [], daysAgo: 1),
            Fixture.image("tagged", ["v1"], daysAgo: 9),
        ]
        let evaluation = policy.evaluate(images, now: Fixture.now)
        #expect(Fixture.expired(evaluation) == ["u1": 1, "u2": 1])
        #expect(evaluation.kept.map(\.digest) == ["sha256:u3", "sha256:tagged"])
    }

    // ECR user guide, "Filtering on multiple rules", example A, in both the prefix and the pattern form.
    @Test(arguments: [
        (#""tagPrefixList": ["prod"]"#, #""tagPrefixList": ["beta"]"#),
        (#""tagPatternList": ["prod*"]"#, #""tagPatternList": ["beta*"]"#),
    ])
    func multipleRulesExampleA(prodList: String, betaList: String) throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(
                    1,
                    #""tagStatus": "tagged", \#(prodList), "countType": "imageCountMoreThan", "countNumber": 1"#
                ),
                Fixture.rule(
                    2,
                    #""tagStatus": "tagged", \#(betaList), "countType": "imageCountMoreThan", "countNumber": 1"#
                )
            )
        )
        let images = [
            Fixture.image("A", ["beta-1", "prod-1"], daysAgo: 10),
            Fixture.image("B", ["beta-2", "prod-2"], daysAgo: 9),
            Fixture.image("C", ["beta-3"], daysAgo: 8),
        ]
        // Rule 2 would mark A and B, but both were selected by rule 1, so only A (rule 1) expires.
        #expect(Fixture.expired(policy.evaluate(images, now: Fixture.now)) == ["A": 1])
    }

    // ECR user guide, "Filtering on multiple rules", example B.
    @Test func multipleRulesExampleB() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(
                    1,
                    #""tagStatus": "tagged", "tagPatternList": ["prod*"], "countType": "imageCountMoreThan", "countNumber": 1"#
                ),
                Fixture.rule(
                    2,
                    #""tagStatus": "tagged", "tagPatternList": ["beta*"], "countType": "imageCountMoreThan", "countNumber": 1"#
                )
            )
        )
        let images = [
            Fixture.image("A", ["beta-1", "prod-1"], daysAgo: 10),
            Fixture.image("B", ["beta-2", "prod-2"], daysAgo: 9),
            Fixture.image("C", ["beta-3", "prod-3"], daysAgo: 8),
        ]
        #expect(Fixture.expired(policy.evaluate(images, now: Fixture.now)) == ["A": 1, "B": 1])
    }

    // ECR user guide, "Filtering on multiple tags in a single rule", example A: both prefixes must be present.
    @Test func multipleTagsSinceImagePushed() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(
                    1,
                    #""tagStatus": "tagged", "tagPrefixList": ["alpha", "beta"], "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 5"#
                )
            )
        )
        let images = [
            Fixture.image("A", ["alpha-1"], daysAgo: 12),
            Fixture.image("B", ["beta-1"], daysAgo: 11),
            Fixture.image("C", ["alpha-2", "beta-2"], daysAgo: 10),
            Fixture.image("D", ["alpha-3"], daysAgo: 4),
            Fixture.image("E", ["beta-3"], daysAgo: 3),
            Fixture.image("F", ["alpha-4", "beta-4"], daysAgo: 2),
        ]
        #expect(Fixture.expired(policy.evaluate(images, now: Fixture.now)) == ["C": 1])
    }

    // ECR user guide, "Filtering on multiple tags in a single rule", example B.
    @Test func multipleTagsImageCount() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(
                    1,
                    #""tagStatus": "tagged", "tagPrefixList": ["alpha", "beta"], "countType": "imageCountMoreThan", "countNumber": 1"#
                )
            )
        )
        let images = [
            Fixture.image("A", ["alpha-1", "beta-1", "gamma-1"], daysAgo: 10),
            Fixture.image("B", ["alpha-2", "beta-2"], daysAgo: 9),
            Fixture.image("C", ["alpha-3", "beta-3", "gamma-2"], daysAgo: 8),
        ]
        #expect(Fixture.expired(policy.evaluate(images, now: Fixture.now)) == ["A": 1, "B": 1])
    }

    // ECR user guide, "Filtering on all images", example A: tagStatus any keeps only the newest image.
    @Test func allImagesKeepOne() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(1, #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1"#)
            )
        )
        let images = [
            Fixture.image("A", ["alpha-1"], daysAgo: 4),
            Fixture.image("B", ["beta-1"], daysAgo: 3),
            Fixture.image("C", [], daysAgo: 2),
            Fixture.image("D", ["alpha-2"], daysAgo: 1),
        ]
        #expect(Fixture.expired(policy.evaluate(images, now: Fixture.now)) == ["A": 1, "B": 1, "C": 1])
    }

    // ECR user guide, "Filtering on all images", example B: all rule types combined in one policy.
    @Test func allRuleTypesCombined() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(
                    1,
                    #""tagStatus": "tagged", "tagPrefixList": ["alpha"], "countType": "imageCountMoreThan", "countNumber": 1"#
                ),
                Fixture.rule(
                    2,
                    #""tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 1"#
                ),
                Fixture.rule(3, #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1"#)
            )
        )
        // The guide lists D and E as both pushed "1 day ago". Its outcome needs E to be the newer one and not older
        // than one day, so D is placed one minute earlier.
        let images = [
            Fixture.image("A", ["alpha-1", "beta-1"], daysAgo: 4),
            Fixture.image("B", [], daysAgo: 3),
            Fixture.image("C", ["alpha-2"], daysAgo: 2),
            Fixture.image("D", ["git hash"], daysAgo: 1 + 1.0 / 1440),
            Fixture.image("E", [], daysAgo: 1),
        ]
        #expect(Fixture.expired(policy.evaluate(images, now: Fixture.now)) == ["A": 1, "B": 2, "D": 3])
    }
}

@Suite("Lifecycle evaluator: semantics and edge cases")
struct LifecycleEvaluatorTests {
    @Test func sinceImagePushedBoundaryIsStrict() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(
                    1,
                    #""tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7"#
                )
            )
        )
        let images = [
            Fixture.image("exactly7", ["a"], daysAgo: 7),
            Fixture.image("justOver7", ["b"], daysAgo: 7 + 1.0 / 86_400),
        ]
        #expect(Fixture.expired(policy.evaluate(images, now: Fixture.now)) == ["justOver7": 1])
    }

    @Test func pushTimeTiesBreakByDigestNotInputOrder() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(1, #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1"#)
            )
        )
        let images = [
            Fixture.image("b", ["x"], daysAgo: 1),
            Fixture.image("a", ["y"], daysAgo: 1),
            Fixture.image("c", ["z"], daysAgo: 1),
        ]
        // The smaller digest counts as newer, so sha256:a is kept whatever the input order.
        #expect(Fixture.expired(policy.evaluate(images, now: Fixture.now)) == ["b": 1, "c": 1])
        #expect(Fixture.expired(policy.evaluate(images.reversed(), now: Fixture.now)) == ["b": 1, "c": 1])
    }

    @Test func rulesRunInPriorityOrderNotDocumentOrder() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(9, #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 5"#),
                Fixture.rule(
                    2,
                    #""tagStatus": "tagged", "tagPrefixList": ["v"], "countType": "imageCountMoreThan", "countNumber": 1"#
                )
            )
        )
        let images = [
            Fixture.image("v1", ["v1"], daysAgo: 3),
            Fixture.image("v2", ["v2"], daysAgo: 2),
        ]
        #expect(Fixture.expired(policy.evaluate(images, now: Fixture.now)) == ["v1": 2])
    }

    @Test func lowerPriorityRuleStillCountsImagesItCannotExpire() throws {
        // Rule 1 keeps the five newest "release" images; rule 2 keeps two images overall. The release images
        // fill rule 2's two slots, so the single untagged image expires under rule 2.
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(
                    1,
                    #""tagStatus": "tagged", "tagPrefixList": ["release"], "countType": "imageCountMoreThan", "countNumber": 5"#
                ),
                Fixture.rule(2, #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 2"#)
            )
        )
        let images = [
            Fixture.image("untagged", [], daysAgo: 5),
            Fixture.image("r1", ["release-1"], daysAgo: 2),
            Fixture.image("r2", ["release-2"], daysAgo: 1),
        ]
        #expect(Fixture.expired(policy.evaluate(images, now: Fixture.now)) == ["untagged": 2])
    }

    @Test func taggedRuleNeverSelectsUntaggedImages() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(
                    1,
                    #""tagStatus": "tagged", "tagPatternList": ["*"], "countType": "imageCountMoreThan", "countNumber": 1"#
                )
            )
        )
        let images = [
            Fixture.image("untagged", [], daysAgo: 5),
            Fixture.image("t1", ["one"], daysAgo: 2),
            Fixture.image("t2", ["two"], daysAgo: 1),
        ]
        #expect(Fixture.expired(policy.evaluate(images, now: Fixture.now)) == ["t1": 1])
    }

    @Test func keptManifestListProtectsItsChildren() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(
                    1,
                    #""tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 1"#
                )
            )
        )
        let images = [
            Fixture.image("index", ["latest"], daysAgo: 10),
            Fixture.image("amd64", [], daysAgo: 10),
            Fixture.image("arm64", [], daysAgo: 10),
            Fixture.image("orphan", [], daysAgo: 10),
        ]
        let children = ["sha256:index": ["sha256:amd64", "sha256:arm64"]]
        let evaluation = policy.evaluate(images, now: Fixture.now, referencedDigests: children)
        #expect(Fixture.expired(evaluation) == ["orphan": 1])
        let amd64 = try #require(evaluation.results.first { $0.image.digest == "sha256:amd64" })
        #expect(amd64.keptForManifestList == "sha256:index")
    }

    @Test func expiredManifestListDoesNotProtectChildren() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(
                    1,
                    #""tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 1"#
                )
            )
        )
        let images = [
            Fixture.image("index", ["old"], daysAgo: 10),
            Fixture.image("amd64", [], daysAgo: 10),
        ]
        let children = ["sha256:index": ["sha256:amd64"]]
        let evaluation = policy.evaluate(images, now: Fixture.now, referencedDigests: children)
        #expect(Fixture.expired(evaluation) == ["index": 1, "amd64": 1])
    }

    @Test func nestedManifestListsProtectTransitively() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(
                    1,
                    #""tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1"#
                )
            )
        )
        let images = [
            Fixture.image("top", ["v1"], daysAgo: 9),
            Fixture.image("inner", [], daysAgo: 8),
            Fixture.image("leaf", [], daysAgo: 7),
            Fixture.image("newest", [], daysAgo: 1),
        ]
        let children = ["sha256:top": ["sha256:inner"], "sha256:inner": ["sha256:leaf"]]
        let evaluation = policy.evaluate(images, now: Fixture.now, referencedDigests: children)
        #expect(Fixture.expired(evaluation).isEmpty)
        let leaf = try #require(evaluation.results.first { $0.image.digest == "sha256:leaf" })
        #expect(leaf.keptForManifestList == "sha256:inner")
    }

    @Test func resultsKeepInputOrder() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(1, #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1"#)
            )
        )
        let images = [
            Fixture.image("m", ["1"], daysAgo: 2),
            Fixture.image("z", ["2"], daysAgo: 1),
            Fixture.image("a", ["3"], daysAgo: 3),
        ]
        let evaluation = policy.evaluate(images, now: Fixture.now)
        #expect(evaluation.results.map(\.image.digest) == ["sha256:m", "sha256:z", "sha256:a"])
        #expect(evaluation.expired.map(\.image.digest) == ["sha256:m", "sha256:a"])
        #expect(evaluation.kept.map(\.digest) == ["sha256:z"])
    }

    @Test func emptyRepositoryExpiresNothing() throws {
        let policy = try Fixture.policy(
            Fixture.policyText(
                Fixture.rule(1, #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1"#)
            )
        )
        #expect(policy.evaluate([], now: Fixture.now).results.isEmpty)
    }
}

@Suite("Lifecycle tag pattern matching")
struct TagPatternTests {
    @Test(arguments: [
        ("prod*", "prod", true),
        ("prod*", "prod1", true),
        ("prod*", "production-team1", true),
        ("prod*", "preprod", false),
        ("*prod*", "repo-production", true),
        ("*prod*", "prod-team", true),
        ("*prod*", "pro-d", false),
        ("release", "release", true),
        ("release", "release-1", false),
        ("*", "anything", true),
        ("v*-*-rc", "v1-2-rc", true),
        ("v*-*-rc", "v1-2-rc1", false),
        ("a*a", "a", false),
        ("a*a", "aa", true),
        ("*test*1*2*3", "xtesty1z2w3", true),
        ("**", "", true),
    ])
    func patternMatches(pattern: String, tag: String, expected: Bool) {
        #expect(TagPattern(pattern).matches(tag) == expected)
    }

    @Test func wildcardCountCountsStars() {
        #expect(TagPattern("test*1*2*3*").wildcardCount == 4)
        #expect(TagPattern("plain").wildcardCount == 0)
    }

    @Test func prefixListNeedsEveryPrefixOnSomeTag() {
        let selection = LifecycleTagSelection.taggedWithPrefixes(["alpha", "beta"])
        #expect(selection.selects(["alpha-1", "beta-1"]))
        #expect(selection.selects(["beta-1", "gamma", "alpha-9"]))
        #expect(!selection.selects(["alpha-1"]))
        #expect(!selection.selects(["alphabeta"]))
        #expect(!selection.selects([]))
    }

    @Test func patternListNeedsEveryPatternOnSomeTag() {
        let selection = LifecycleTagSelection.taggedWithPatterns([TagPattern("*-prod"), TagPattern("v*")])
        #expect(selection.selects(["v1", "eu-prod"]))
        #expect(!selection.selects(["v1"]))
        #expect(selection.selects(["v1-prod"]))
    }
}
