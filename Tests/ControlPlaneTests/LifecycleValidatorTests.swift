import Testing

@testable import ControlPlane

/// Validates `json` and returns the field errors, or an empty list when the policy is valid.
private func lifecycleErrors(_ json: String) -> [FieldError] {
    do {
        _ = try LifecyclePolicy(validating: Array(json.utf8))
        return []
    } catch {
        return error.errors
    }
}

private func rule(_ priority: String = "1", selection: String, action: String = #"{"type": "expire"}"#) -> String {
    #"{"rulePriority": \#(priority), "selection": {\#(selection)}, "action": \#(action)}"#
}

private func policy(_ rules: String...) -> String {
    // Padding keeps short test documents above ECR's 100-character minimum.
    #"{"rules": [\#(rules.joined(separator: ", "))]}"# + String(repeating: " ", count: 100)
}

private let countOne = #""countType": "imageCountMoreThan", "countNumber": 1"#
private let anyCountOne = #""tagStatus": "any", \#(countOne)"#

@Suite("Lifecycle policy validator")
struct LifecycleValidatorTests {
    static let documentedExamples = [
        // Filtering on image age.
        #"{"rules":[{"rulePriority":1,"description":"Expire images older than 14 days","selection":{"tagStatus":"tagged","tagPatternList":["prod*"],"countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}"#,
        // Filtering on image count.
        #"{"rules":[{"rulePriority":1,"description":"Keep only one untagged image, expire all others","selection":{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#,
        // Filtering on multiple rules.
        #"{"rules":[{"rulePriority":1,"description":"Rule 1","selection":{"tagStatus":"tagged","tagPrefixList":["prod"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}},{"rulePriority":2,"description":"Rule 2","selection":{"tagStatus":"tagged","tagPrefixList":["beta"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#,
        // Filtering on multiple tags in a single rule.
        #"{"rules":[{"rulePriority":1,"description":"Rule 1","selection":{"tagStatus":"tagged","tagPrefixList":["alpha","beta"],"countType":"sinceImagePushed","countNumber":5,"countUnit":"days"},"action":{"type":"expire"}}]}"#,
        // Filtering on all images, all rule types combined.
        #"{"rules":[{"rulePriority":1,"description":"Rule 1","selection":{"tagStatus":"tagged","tagPrefixList":["alpha"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}},{"rulePriority":2,"description":"Rule 2","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":1},"action":{"type":"expire"}},{"rulePriority":3,"description":"Rule 3","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#,
        // Tag patterns at the documented wildcard limit.
        #"{"rules":[{"rulePriority":1,"selection":{"tagStatus":"tagged","tagPatternList":["*test*1*2*3","test*1*2*3*"],"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#,
    ]

    @Test(arguments: documentedExamples)
    func documentedExampleIsValid(json: String) {
        #expect(lifecycleErrors(json) == [])
    }

    @Test func textIsKeptByteForByte() throws {
        let text =
            "{\n  \"rules\" : [ {\"rulePriority\":1,  \"selection\":{\"tagStatus\":\"any\","
            + "\"countType\":\"imageCountMoreThan\",\"countNumber\":3},\"action\":{\"type\":\"expire\"}} ]\n}\n"
        let policy = try LifecyclePolicy(validating: Array(text.utf8))
        #expect(policy.text == text)
        #expect(policy.rules.count == 1)
        #expect(policy.rules.first?.countCondition == .imageCountMoreThan(3))
    }

    @Test func parsedRuleCarriesEveryField() throws {
        let policy = try LifecyclePolicy(validating: Array(Self.documentedExamples[0].utf8))
        let parsed = try #require(policy.rules.first)
        #expect(parsed.rulePriority == 1)
        #expect(parsed.description == "Expire images older than 14 days")
        #expect(parsed.tagSelection == .taggedWithPatterns([TagPattern("prod*")]))
        #expect(parsed.countCondition == .sinceImagePushed(days: 14))
    }

    /// One input per validation rule, with the field and a fragment of the message it must produce.
    static let brokenInputs: [(name: String, json: String, field: String, message: String)] = [
        ("not JSON", "{\"rules\": [" + String(repeating: " ", count: 100), "", "is not valid JSON"),
        ("too short", #"{"rules": []}"#, "", "between 100 and 30720 characters; got 13"),
        ("no rules key", policy().replacingOccurrences(of: "rules", with: "rulez"), "rulez", "is not a known field"),
        ("empty rules", policy(), "rules", "at least one rule"),
        ("rules is null", #"{"rules": null}"# + String(repeating: " ", count: 100), "rules", "must not be null"),
        (
            "unknown rule key",
            policy(#"{"rulePriority": 1, "extra": 1, "selection": {\#(anyCountOne)}, "action": {"type": "expire"}}"#),
            "rules[0].extra", "is not a known field"
        ),
        (
            "unknown selection key", policy(rule(selection: anyCountOne + #", "storageClass": "archive""#)),
            "rules[0].selection.storageClass", "is not a known field"
        ),
        (
            "null description",
            policy(
                #"{"rulePriority": 1, "description": null, "selection": {\#(anyCountOne)}, "action": {"type": "expire"}}"#
            ), "rules[0].description", "must not be null"
        ),
        (
            "description not string",
            policy(
                #"{"rulePriority": 1, "description": 5, "selection": {\#(anyCountOne)}, "action": {"type": "expire"}}"#
            ), "rules[0].description", "must be a string"
        ),
        (
            "missing priority", policy(#"{"selection": {\#(anyCountOne)}, "action": {"type": "expire"}}"#),
            "rules[0].rulePriority", "is required"
        ),
        (
            "zero priority", policy(rule("0", selection: anyCountOne)), "rules[0].rulePriority",
            "positive integer; got 0"
        ),
        ("fractional priority", policy(rule("1.5", selection: anyCountOne)), "rules[0].rulePriority", "whole number"),
        (
            "string priority", policy(rule(#""1""#, selection: anyCountOne)), "rules[0].rulePriority",
            "must be an integer; got a string"
        ),
        (
            "duplicate priority",
            policy(rule("1", selection: #""tagStatus": "untagged", \#(countOne)"#), rule("1", selection: anyCountOne)),
            "rules[1].rulePriority", "duplicates the rulePriority 1 of rules[0]"
        ),
        ("missing tagStatus", policy(rule(selection: countOne)), "rules[0].selection.tagStatus", "is required"),
        (
            "bad tagStatus", policy(rule(selection: #""tagStatus": "TAGGED", \#(countOne)"#)),
            "rules[0].selection.tagStatus", "got 'TAGGED'"
        ),
        (
            "tagged without list", policy(rule(selection: #""tagStatus": "tagged", \#(countOne)"#)),
            "rules[0].selection.tagStatus", "needs exactly one of tagPrefixList or tagPatternList"
        ),
        (
            "tagged with both lists",
            policy(
                rule(
                    selection: #""tagStatus": "tagged", "tagPrefixList": ["a"], "tagPatternList": ["a*"], \#(countOne)"#
                )
            ), "rules[0].selection.tagPatternList", "cannot be combined with tagPrefixList"
        ),
        (
            "untagged with prefix list",
            policy(rule(selection: #""tagStatus": "untagged", "tagPrefixList": ["a"], \#(countOne)"#)),
            "rules[0].selection.tagPrefixList", "only allowed when tagStatus is 'tagged'"
        ),
        (
            "any with pattern list",
            policy(rule(selection: #""tagStatus": "any", "tagPatternList": ["a*"], \#(countOne)"#)),
            "rules[0].selection.tagPatternList", "only allowed when tagStatus is 'tagged'"
        ),
        (
            "empty prefix list", policy(rule(selection: #""tagStatus": "tagged", "tagPrefixList": [], \#(countOne)"#)),
            "rules[0].selection.tagPrefixList", "at least one entry"
        ),
        (
            "empty prefix entry",
            policy(rule(selection: #""tagStatus": "tagged", "tagPrefixList": ["ok", ""], \#(countOne)"#)),
            "rules[0].selection.tagPrefixList[1]", "must not be empty"
        ),
        (
            "prefix entry not string",
            policy(rule(selection: #""tagStatus": "tagged", "tagPrefixList": [7], \#(countOne)"#)),
            "rules[0].selection.tagPrefixList[0]", "must be a string; got a number"
        ),
        (
            "five wildcards",
            policy(rule(selection: #""tagStatus": "tagged", "tagPatternList": ["test*1*2*3*4*5*6"], \#(countOne)"#)),
            "rules[0].selection.tagPatternList[0]", "at most 4 '*' wildcards; got 6"
        ),
        (
            "any rule not last",
            policy(rule("5", selection: anyCountOne), rule("6", selection: #""tagStatus": "untagged", \#(countOne)"#)),
            "rules[0].rulePriority", "must have the highest rulePriority"
        ),
        (
            "two untagged rules",
            policy(
                rule("1", selection: #""tagStatus": "untagged", \#(countOne)"#),
                rule(
                    "2",
                    selection:
                        #""tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 3"#
                )
            ), "rules[1].selection.tagStatus", "only one rule may select untagged images"
        ),
        (
            "same prefix set twice",
            policy(
                rule("1", selection: #""tagStatus": "tagged", "tagPrefixList": ["a", "b"], \#(countOne)"#),
                rule("2", selection: #""tagStatus": "tagged", "tagPrefixList": ["b", "a"], \#(countOne)"#)
            ), "rules[1].selection.tagPrefixList", "selects the same tags as rules[0]"
        ),
        (
            "missing countType", policy(rule(selection: #""tagStatus": "any", "countNumber": 1"#)),
            "rules[0].selection.countType", "is required"
        ),
        (
            "bad countType",
            policy(rule(selection: #""tagStatus": "any", "countType": "sinceImagePulled", "countNumber": 1"#)),
            "rules[0].selection.countType", "got 'sinceImagePulled'"
        ),
        (
            "countUnit with image count",
            policy(
                rule(
                    selection:
                        #""tagStatus": "any", "countType": "imageCountMoreThan", "countUnit": "days", "countNumber": 1"#
                )
            ), "rules[0].selection.countUnit", "only allowed with countType 'sinceImagePushed'"
        ),
        (
            "missing countUnit",
            policy(rule(selection: #""tagStatus": "any", "countType": "sinceImagePushed", "countNumber": 1"#)),
            "rules[0].selection.countUnit", "is required"
        ),
        (
            "countUnit hours",
            policy(
                rule(
                    selection:
                        #""tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "hours", "countNumber": 1"#
                )
            ), "rules[0].selection.countUnit", "must be 'days'; got 'hours'"
        ),
        (
            "missing countNumber", policy(rule(selection: #""tagStatus": "any", "countType": "imageCountMoreThan""#)),
            "rules[0].selection.countNumber", "is required"
        ),
        (
            "zero countNumber",
            policy(rule(selection: #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 0"#)),
            "rules[0].selection.countNumber", "positive integer (1 or more); got 0"
        ),
        (
            "negative countNumber",
            policy(rule(selection: #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": -2"#)),
            "rules[0].selection.countNumber", "got -2"
        ),
        (
            "exponent countNumber",
            policy(rule(selection: #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1e2"#)),
            "rules[0].selection.countNumber", "whole number"
        ),
        (
            "missing action", policy(#"{"rulePriority": 1, "selection": {\#(anyCountOne)}}"#), "rules[0].action",
            "is required"
        ),
        (
            "bad action type", policy(rule(selection: anyCountOne, action: #"{"type": "transition"}"#)),
            "rules[0].action.type", "must be 'expire'; got 'transition'"
        ),
        (
            "unknown action key",
            policy(rule(selection: anyCountOne, action: #"{"type": "expire", "targetStorageClass": "archive"}"#)),
            "rules[0].action.targetStorageClass", "is not a known field"
        ),
        (
            "selection not object", policy(#"{"rulePriority": 1, "selection": [], "action": {"type": "expire"}}"#),
            "rules[0].selection", "must be an object; got an array"
        ),
        (
            "rules not array", #"{"rules": {"rulePriority": 1}}"# + String(repeating: " ", count: 100), "rules",
            "must be an array; got an object"
        ),
        ("rule not object", policy("1"), "rules[0]", "must be an object; got a number"),
        (
            "selection missing", policy(#"{"rulePriority": 1, "action": {"type": "expire"}}"#), "rules[0].selection",
            "is required"
        ),
        (
            "action type missing", policy(rule(selection: anyCountOne, action: "{}")), "rules[0].action.type",
            "is required"
        ),
        (
            "duplicate key",
            policy(
                #"{"rulePriority": 1, "rulePriority": 2, "selection": {\#(anyCountOne)}, "action": {"type": "expire"}}"#
            ), "rules[0].rulePriority", "appears more than once"
        ),
    ]

    @Test(arguments: brokenInputs.indices)
    func brokenInputIsRejectedWithField(index: Int) {
        let input = Self.brokenInputs[index]
        let errors = lifecycleErrors(input.json)
        let match = errors.first { $0.field == input.field }
        #expect(match != nil, "\(input.name): no error for field '\(input.field)' in \(errors)")
        #expect(match?.message.contains(input.message) == true, "\(input.name): \(String(describing: match))")
    }

    @Test func tooManyRules() {
        let rules = (1...51).map {
            rule(String($0), selection: #""tagStatus": "tagged", "tagPrefixList": ["p\#($0)"], \#(countOne)"#)
        }
        let errors = lifecycleErrors(#"{"rules": [\#(rules.joined(separator: ","))]}"#)
        #expect(errors.contains(FieldError(field: "rules", message: "must contain at most 50 rules; got 51")))
    }

    @Test func tooLongText() {
        let json = policy(rule(selection: anyCountOne)) + String(repeating: " ", count: 30_720)
        let errors = lifecycleErrors(json)
        #expect(errors.first?.field == "")
        #expect(errors.first?.message.contains("between 100 and 30720 characters") == true)
    }

    @Test func reportsAllProblemsAtOnce() {
        let json = policy(
            rule("0", selection: #""tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 0"#),
            rule("2", selection: #""tagStatus": "sometimes", "countType": "sinceImagePushed", "countNumber": 1"#)
        )
        let fields = lifecycleErrors(json).map(\.field)
        #expect(fields.contains("rules[0].rulePriority"))
        #expect(fields.contains("rules[0].selection.countNumber"))
        #expect(fields.contains("rules[1].selection.tagStatus"))
        #expect(fields.contains("rules[1].selection.countUnit"))
    }
}
