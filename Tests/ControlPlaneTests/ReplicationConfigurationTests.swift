import Foundation
import Testing

@testable import ControlPlane

private let sourceRegion = try! AWSRegion(validating: "us-east-1", field: .root)
private let sourceAccount = try! RegistryID(validating: "111122223333", field: .root)

private func replicationErrors(_ json: String) -> [FieldError] {
    do {
        _ = try ReplicationConfiguration(
            validating: Array(json.utf8),
            sourceRegion: sourceRegion,
            sourceAccount: sourceAccount
        )
        return []
    } catch {
        return error.errors
    }
}

private func destination(_ region: String, _ account: String = "111122223333") -> String {
    #"{"region": "\#(region)", "registryId": "\#(account)"}"#
}

private func config(_ rules: String...) -> String {
    #"{"rules": [\#(rules.joined(separator: ", "))]}"#
}

private func rule(_ destinations: [String], filters: [String]? = nil) -> String {
    var text = #"{"destinations": [\#(destinations.joined(separator: ", "))]"#
    if let filters {
        text +=
            #", "repositoryFilters": [\#(filters.map { #"{"filter": "\#($0)", "filterType": "PREFIX_MATCH"}"# }.joined(separator: ", "))]"#
    }
    return text + "}"
}

@Suite("Replication configuration validator")
struct ReplicationConfigurationTests {
    @Test func awsCLIDocumentIsAccepted() throws {
        let json = """
            {
              "rules": [
                {
                  "destinations": [
                    {"region": "us-west-2", "registryId": "111122223333"},
                    {"region": "eu-west-1", "registryId": "444455556666"}
                  ],
                  "repositoryFilters": [{"filter": "team/", "filterType": "PREFIX_MATCH"}]
                },
                {"destinations": [{"region": "ap-southeast-2", "registryId": "111122223333"}]}
              ]
            }
            """
        let configuration = try ReplicationConfiguration(
            validating: Array(json.utf8),
            sourceRegion: sourceRegion,
            sourceAccount: sourceAccount
        )
        #expect(configuration.rules.count == 2)
        #expect(
            configuration.rules[0].destinations[1]
                == ReplicationDestination(region: "eu-west-1", registryId: "444455556666")
        )
        #expect(configuration.rules[0].repositoryFilters == [RepositoryFilter(filter: "team/")])
        #expect(configuration.rules[1].repositoryFilters == nil)
    }

    @Test func emptyRuleListIsAccepted() {
        #expect(replicationErrors(#"{"rules": []}"#).isEmpty)
    }

    @Test func encodesBackToTheSameShape() throws {
        let json = config(
            rule([destination("us-west-2")], filters: ["team"]),
            rule([destination("eu-west-1", "444455556666")])
        )
        let configuration = try ReplicationConfiguration(
            validating: Array(json.utf8),
            sourceRegion: sourceRegion,
            sourceAccount: sourceAccount
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = String(decoding: try encoder.encode(configuration), as: UTF8.self)
        #expect(
            encoded == #"{"rules":[{"destinations":[{"region":"us-west-2","registryId":"111122223333"}],"#
                + #""repositoryFilters":[{"filter":"team","filterType":"PREFIX_MATCH"}]},"#
                + #"{"destinations":[{"region":"eu-west-1","registryId":"444455556666"}]}]}"#
        )
        let decoded = try JSONDecoder().decode(ReplicationConfiguration.self, from: Data(encoded.utf8))
        #expect(decoded == configuration)
    }

    static let brokenInputs: [(name: String, json: String, field: String, message: String)] = [
        ("rules missing", "{}", "rules", "is required"),
        ("rules null", #"{"rules": null}"#, "rules", "must not be null"),
        (
            "unknown top-level key", #"{"rules": [], "registryId": "111122223333"}"#, "registryId",
            "is not a known field"
        ),
        (
            "eleven rules",
            config(Array(repeating: rule([destination("us-west-2")]), count: 11).joined(separator: ", ")), "rules",
            "at most 10 rules; got 11"
        ),
        ("no destinations", config(#"{"destinations": []}"#), "rules[0].destinations", "at least one destination"),
        (
            "destinations missing", config(#"{"repositoryFilters": [{"filter": "ab", "filterType": "PREFIX_MATCH"}]}"#),
            "rules[0].destinations", "is required"
        ),
        (
            "unknown rule key", config(#"{"destinations": [\#(destination("us-west-2"))], "extra": true}"#),
            "rules[0].extra", "is not a known field"
        ),
        (
            "null filters", config(#"{"destinations": [\#(destination("us-west-2"))], "repositoryFilters": null}"#),
            "rules[0].repositoryFilters", "must not be null"
        ),
        (
            "invalid region", config(rule([destination("us-west-2"), destination("mars-1")])),
            "rules[0].destinations[1].region", "must be an AWS region name"
        ),
        (
            "uppercase region", config(rule([destination("US-WEST-2")])), "rules[0].destinations[0].region",
            "must be an AWS region name"
        ),
        (
            "cross partition", config(rule([destination("cn-north-1")])), "rules[0].destinations[0].region",
            "ECR cannot replicate across partitions"
        ),
        (
            "gov partition", config(rule([destination("us-gov-west-1")])), "rules[0].destinations[0].region",
            "partition aws-us-gov"
        ),
        (
            "short registry id", config(rule([destination("us-west-2", "12345")])),
            "rules[0].destinations[0].registryId", "12-digit AWS account id"
        ),
        (
            "registry id number", config(#"{"destinations": [{"region": "us-west-2", "registryId": 111122223333}]}"#),
            "rules[0].destinations[0].registryId", "must be a string; got a number"
        ),
        (
            "region missing", config(#"{"destinations": [{"registryId": "111122223333"}]}"#),
            "rules[0].destinations[0].region", "is required"
        ),
        (
            "unknown destination key",
            config(#"{"destinations": [{"region": "us-west-2", "registryId": "111122223333", "x": 1}]}"#),
            "rules[0].destinations[0].x", "is not a known field"
        ),
        (
            "source itself", config(rule([destination("us-east-1")])), "rules[0].destinations[0]",
            "is the source registry itself"
        ),
        (
            "duplicate in rule", config(rule([destination("us-west-2"), destination("us-west-2")])),
            "rules[0].destinations[1]", "repeats destinations[0]"
        ),
        (
            "empty filters", config(#"{"destinations": [\#(destination("us-west-2"))], "repositoryFilters": []}"#),
            "rules[0].repositoryFilters", "omit the field"
        ),
        (
            "too many filters", config(rule([destination("us-west-2")], filters: (0...100).map { "p\($0)" })),
            "rules[0].repositoryFilters", "at most 100 filters; got 101"
        ),
        (
            "wildcard filter type",
            config(
                #"{"destinations": [\#(destination("us-west-2"))], "repositoryFilters": [{"filter": "ab", "filterType": "WILDCARD_MATCH"}]}"#
            ), "rules[0].repositoryFilters[0].filterType", "must be 'PREFIX_MATCH'"
        ),
        (
            "filter type missing",
            config(#"{"destinations": [\#(destination("us-west-2"))], "repositoryFilters": [{"filter": "ab"}]}"#),
            "rules[0].repositoryFilters[0].filterType", "is required"
        ),
        (
            "filter too short", config(rule([destination("us-west-2")], filters: ["a"])),
            "rules[0].repositoryFilters[0].filter", "between 2 and 256 characters; got 1"
        ),
        (
            "filter too long", config(rule([destination("us-west-2")], filters: [String(repeating: "a", count: 257)])),
            "rules[0].repositoryFilters[0].filter", "got 257"
        ),
        (
            "filter uppercase", config(rule([destination("us-west-2")], filters: ["Team"])),
            "rules[0].repositoryFilters[0].filter", "contains 'T'"
        ),
        (
            "filter wildcard", config(rule([destination("us-west-2")], filters: ["team*"])),
            "rules[0].repositoryFilters[0].filter", "contains '*'"
        ),
        (
            "filter leading slash", config(rule([destination("us-west-2")], filters: ["/team"])),
            "rules[0].repositoryFilters[0].filter", "must start with a lowercase letter or digit"
        ),
        (
            "filter double slash", config(rule([destination("us-west-2")], filters: ["team//x"])),
            "rules[0].repositoryFilters[0].filter", "got '/'"
        ),
        ("not an object", "[]", "", "must be an object; got an array"),
        ("rule not object", config(#""rule""#), "rules[0]", "must be an object; got a string"),
        (
            "filter missing",
            config(
                #"{"destinations": [\#(destination("us-west-2"))], "repositoryFilters": [{"filterType": "PREFIX_MATCH"}]}"#
            ), "rules[0].repositoryFilters[0].filter", "is required"
        ),
        (
            "destination not object", config(#"{"destinations": ["us-west-2"]}"#), "rules[0].destinations[0]",
            "must be an object; got a string"
        ),
    ]

    @Test(arguments: brokenInputs.indices)
    func brokenInputIsRejectedWithField(index: Int) {
        let input = Self.brokenInputs[index]
        let errors = replicationErrors(input.json)
        let match = errors.first { $0.field == input.field }
        #expect(match != nil, "\(input.name): no error for '\(input.field)' in \(errors)")
        #expect(match?.message.contains(input.message) == true, "\(input.name): \(String(describing: match))")
    }

    @Test(arguments: ["ab", "team/", "team/app-", "a/b/c", "team/-x", "a.b_c-d", "00"])
    func validFilter(_ filter: String) {
        #expect(RepositoryFilterPattern.problem(in: filter) == nil)
    }

    @Test func twentySixUniqueDestinationsAreRejected() {
        let regions = ["us-west-1", "us-west-2", "eu-west-1", "eu-west-2"]
        let accounts = (0..<7).map { String(100_000_000_000 + $0) }
        let destinations = accounts.flatMap { account in regions.map { destination($0, account) } }
        #expect(destinations.count == 28)
        let firstRule = rule(Array(destinations[0..<20]))
        let secondRule = rule(Array(destinations[0..<5]) + Array(destinations[20..<26]))
        let errors = replicationErrors(config(firstRule, secondRule))
        #expect(errors.count == 1)
        #expect(errors.first?.field == "rules[1].destinations[10]")
        #expect(errors.first?.message.contains("at most 25 unique destinations") == true)
    }

    @Test func twentyFiveUniqueDestinationsRepeatedAcrossRulesAreAccepted() {
        let regions = ["us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "ap-south-1"]
        let accounts = (0..<5).map { String(200_000_000_000 + $0) }
        let destinations = accounts.flatMap { account in regions.map { destination($0, account) } }
        #expect(replicationErrors(config(rule(destinations), rule(destinations, filters: ["x1"]))).isEmpty)
    }

    @Test func sameRegionOtherAccountIsAllowed() {
        #expect(replicationErrors(config(rule([destination("us-east-1", "444455556666")]))).isEmpty)
    }

    @Test func otherRegionSameAccountIsAllowed() {
        #expect(replicationErrors(config(rule([destination("us-east-2")]))).isEmpty)
    }

    @Test func chinaSourceReplicatesWithinChina() throws {
        let china = try AWSRegion(validating: "cn-north-1", field: .root)
        let json = config(rule([destination("cn-northwest-1")]))
        let configuration = try ReplicationConfiguration(
            validating: Array(json.utf8),
            sourceRegion: china,
            sourceAccount: sourceAccount
        )
        #expect(configuration.rules.count == 1)
        #expect(throws: ValidationError.self) {
            try ReplicationConfiguration(
                validating: Array(config(rule([destination("us-east-1")])).utf8),
                sourceRegion: china,
                sourceAccount: sourceAccount
            )
        }
    }
}

@Suite("Replication dry-run matcher")
struct ReplicationMatcherTests {
    private let west = ReplicationDestination(region: "us-west-2", registryId: "111122223333")
    private let europe = ReplicationDestination(region: "eu-west-1", registryId: "444455556666")
    private let asia = ReplicationDestination(region: "ap-northeast-1", registryId: "111122223333")

    private var configuration: ReplicationConfiguration {
        ReplicationConfiguration(rules: [
            ReplicationRule(destinations: [self.west], repositoryFilters: [RepositoryFilter(filter: "team/")]),
            ReplicationRule(
                destinations: [self.europe, self.west],
                repositoryFilters: [RepositoryFilter(filter: "team/app"), RepositoryFilter(filter: "shared")]
            ),
            ReplicationRule(destinations: [self.asia], repositoryFilters: [RepositoryFilter(filter: "ml")]),
        ])
    }

    @Test func prefixMatchUnionsDestinations() {
        let match = self.configuration.match(repositoryName: "team/app-web")
        #expect(match.ruleIndexes == [0, 1])
        #expect(match.destinations == [self.west, self.europe])
    }

    @Test func unmatchedRepositoryGoesNowhere() {
        let match = self.configuration.match(repositoryName: "other/app")
        #expect(match.ruleIndexes.isEmpty)
        #expect(match.destinations.isEmpty)
    }

    @Test func prefixIsCaseSensitiveAndAnchored() {
        #expect(self.configuration.match(repositoryName: "myteam/app").ruleIndexes.isEmpty)
        #expect(self.configuration.match(repositoryName: "team").ruleIndexes.isEmpty)
        #expect(self.configuration.match(repositoryName: "mlops").ruleIndexes == [2])
    }

    @Test func ruleWithoutFiltersMatchesEverything() {
        var configuration = self.configuration
        configuration.rules.append(ReplicationRule(destinations: [self.asia]))
        let match = configuration.match(repositoryName: "anything/at-all")
        #expect(match.ruleIndexes == [3])
        #expect(match.destinations == [self.asia])
    }

    @Test func destinationsAreOneHopOnly() {
        // us-west-2 is a destination; nothing here makes an image travel from us-west-2 onwards.
        #expect(self.configuration.destinations(forRepository: "shared/base") == [self.europe, self.west])
    }

    @Test func dryRunKeepsInputOrder() {
        let matches = self.configuration.dryRun(repositoryNames: ["ml/model", "team/x", "zzz"])
        #expect(matches.map(\.repositoryName) == ["ml/model", "team/x", "zzz"])
        #expect(matches.map(\.ruleIndexes) == [[2], [0], []])
    }
}
