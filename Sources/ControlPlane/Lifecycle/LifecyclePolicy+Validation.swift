extension LifecyclePolicy {
    /// Parses and validates a lifecycle policy document against ECR's documented rules, keeping the text as sent.
    ///
    /// Every problem in the document is reported at once, each naming its field, e.g.
    /// `rules[1].selection.countUnit`.
    ///
    /// - Parameter data: the raw request body, which must be UTF-8 JSON.
    /// - Throws: `ValidationError` listing every problem found.
    public init<Bytes: Collection>(validating data: Bytes) throws(ValidationError) where Bytes.Element == UInt8 {
        let document = try JSONParser.parse(data)
        let text = String(decoding: data, as: UTF8.self)
        var collector = ValidationCollector()
        let length = text.unicodeScalars.count
        if !Self.textLengthRange.contains(length) {
            collector.add(
                .root,
                "must be between \(Self.textLengthRange.lowerBound) and \(Self.textLengthRange.upperBound) "
                    + "characters; got \(length)"
            )
        }
        let rules = Self.readRules(document, collector: &collector)
        Self.checkAcrossRules(rules, collector: &collector)
        try collector.finish()
        self.init(text: text, rules: rules.map(\.rule))
    }

    /// A parsed rule with its index in the document, for messages that point at another rule.
    fileprivate struct IndexedRule {
        let index: Int
        let rule: LifecycleRule
    }

    private static func readRules(_ document: JSONValue, collector: inout ValidationCollector) -> [IndexedRule] {
        guard let policy = JSONObjectReader(document, at: .root, allowedKeys: ["rules"], collector: &collector),
            let elements = policy.array("rules", required: true, collector: &collector)
        else {
            return []
        }
        let rulesPath = FieldPath.root.key("rules")
        if elements.isEmpty {
            collector.add(rulesPath, "must contain at least one rule")
        } else if elements.count > Self.maximumRules {
            collector.add(rulesPath, "must contain at most \(Self.maximumRules) rules; got \(elements.count)")
        }
        var rules: [IndexedRule] = []
        for (index, element) in elements.enumerated() {
            if let rule = LifecycleRuleReader.read(element, at: rulesPath.index(index), collector: &collector) {
                rules.append(IndexedRule(index: index, rule: rule))
            }
        }
        return rules
    }

    /// Checks the rules that relate rules to each other: unique priorities, the `any` rule last, one untagged
    /// rule, and no two rules with the same tag list.
    private static func checkAcrossRules(_ rules: [IndexedRule], collector: inout ValidationCollector) {
        var priorityOwners: [Int: Int] = [:]
        for entry in rules {
            let path = FieldPath.root.key("rules").index(entry.index).key("rulePriority")
            if let owner = priorityOwners[entry.rule.rulePriority] {
                collector.add(
                    path,
                    "duplicates the rulePriority \(entry.rule.rulePriority) of rules[\(owner)]; give each rule a "
                        + "unique priority"
                )
            } else {
                priorityOwners[entry.rule.rulePriority] = entry.index
            }
        }
        Self.checkAnyRuleIsLast(rules, collector: &collector)
        Self.checkSingleUntaggedRule(rules, collector: &collector)
        Self.checkUniqueTagLists(rules, collector: &collector)
    }

    // ECR: a rule with tagStatus `any` must have the highest rulePriority and is evaluated last.
    private static func checkAnyRuleIsLast(_ rules: [IndexedRule], collector: inout ValidationCollector) {
        guard let highest = rules.max(by: { $0.rule.rulePriority < $1.rule.rulePriority }) else {
            return
        }
        for entry in rules where entry.rule.tagSelection == .any && entry.index != highest.index {
            collector.add(
                FieldPath.root.key("rules").index(entry.index).key("rulePriority"),
                "a rule with tagStatus 'any' must have the highest rulePriority; rules[\(highest.index)] has "
                    + "\(highest.rule.rulePriority), so raise this rule's priority above it"
            )
        }
    }

    // ECR lifecycle evaluation rules: only one rule is allowed to select untagged images.
    private static func checkSingleUntaggedRule(_ rules: [IndexedRule], collector: inout ValidationCollector) {
        let untagged = rules.filter { $0.rule.tagSelection == .untagged }
        guard let first = untagged.first else {
            return
        }
        for entry in untagged.dropFirst() {
            collector.add(
                FieldPath.root.key("rules").index(entry.index).key("selection").key("tagStatus"),
                "only one rule may select untagged images and rules[\(first.index)] already does; merge the rules"
            )
        }
    }

    // ECR lifecycle evaluation rules: the set of rules must contain a unique set of tag prefixes. The same is
    // applied to pattern lists, because two rules with one pattern set select the same images.
    private static func checkUniqueTagLists(_ rules: [IndexedRule], collector: inout ValidationCollector) {
        var owners: [Set<String>: Int] = [:]
        for entry in rules {
            let key: Set<String>
            let field: String
            switch entry.rule.tagSelection {
            case .taggedWithPrefixes(let prefixes):
                key = Set(prefixes.map { "prefix:" + $0 })
                field = "tagPrefixList"
            case .taggedWithPatterns(let patterns):
                key = Set(patterns.map { "pattern:" + $0.text })
                field = "tagPatternList"
            case .any, .untagged:
                continue
            }
            if let owner = owners[key] {
                collector.add(
                    FieldPath.root.key("rules").index(entry.index).key("selection").key(field),
                    "selects the same tags as rules[\(owner)]; each rule needs a distinct tag list"
                )
            } else {
                owners[key] = entry.index
            }
        }
    }
}
