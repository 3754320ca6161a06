import ControlPlane
import Testing

@Suite struct CopyRuleTests {
    static func rule(prefix: String, tagPattern: String?) -> CopyRule {
        CopyRule(
            id: 1,
            repositoryPrefix: prefix,
            tagPattern: tagPattern,
            destinations: [ReplicationDestination(region: "eu-central-1", registryId: "123456789012")],
            createdAt: "2026-01-01T00:00:00.000Z",
            createdBy: "test"
        )
    }

    @Test func tagPatternMatching() {
        let rule = Self.rule(prefix: "team/", tagPattern: "release-*")
        #expect(rule.matches(repository: "team/app", tag: "release-1"))
        #expect(rule.matches(repository: "team/app", tag: "release-"))
        #expect(!rule.matches(repository: "team/app", tag: "dev-1"))
        #expect(!rule.matches(repository: "team/app", tag: "xrelease-1"))
        #expect(!rule.matches(repository: "team/app", tag: nil))
        #expect(!rule.matches(repository: "other/app", tag: "release-1"))
        #expect(!rule.matches(repository: "team", tag: "release-1"))
    }

    @Test func ruleWithoutPatternMatchesUntagged() {
        let rule = Self.rule(prefix: "team/", tagPattern: nil)
        #expect(rule.matches(repository: "team/app", tag: nil))
        #expect(rule.matches(repository: "team/app", tag: "anything"))
        #expect(!rule.matches(repository: "teams/app", tag: nil))
    }

    @Test func validDraft() throws {
        let document = """
            {"repositoryPrefix": "team/app-", "tagPattern": "v*.*",
             "destinations": [{"region": "us-gov-west-1", "registryId": "210987654321"},
                              {"region": "us-east-1", "registryId": "210987654321"}]}
            """
        let draft = try CopyRuleDraft(
            validating: Array(document.utf8),
            sourceRegion: "us-east-1",
            sourceAccount: "123456789012"
        )
        #expect(draft.repositoryPrefix == "team/app-")
        #expect(draft.tagPattern == "v*.*")
        #expect(draft.destinations.map(\.region) == ["us-gov-west-1", "us-east-1"])
    }

    @Test func sourceRegistryRejectedOnlyWithAccount() throws {
        let document = """
            {"repositoryPrefix": "team/", "destinations": [{"region": "us-east-1", "registryId": "123456789012"}]}
            """
        let withoutAccount = try CopyRuleDraft(
            validating: Array(document.utf8),
            sourceRegion: "us-east-1",
            sourceAccount: nil
        )
        #expect(withoutAccount.destinations.count == 1)
        let error = #expect(throws: ValidationError.self) {
            _ = try CopyRuleDraft(
                validating: Array(document.utf8),
                sourceRegion: "us-east-1",
                sourceAccount: "123456789012"
            )
        }
        #expect(error?.errors.map(\.field) == ["destinations[0]"])
    }

    @Test(arguments: [
        ("release-*", nil as String?),
        ("*", nil),
        ("a*b*c*d*", nil),
        ("*a*b*c*d*", "must contain at most 4 '*' wildcards; got 5"),
        ("", "must be between 1 and 300 characters; got 0"),
        ("rel ease", "contains ' ', which is not allowed; use letters, digits, '_', '.', '-' and '*'"),
    ])
    func tagPatternProblems(pattern: String, problem: String?) {
        #expect(CopyRuleDraft.problem(inTagPattern: pattern) == problem)
    }

    @Test func invalidJSONIsRejected() {
        let error = #expect(throws: ValidationError.self) {
            _ = try CopyRuleDraft(validating: Array("[1]".utf8), sourceRegion: "us-east-1", sourceAccount: nil)
        }
        #expect(error?.errors.count == 1)
    }
}
