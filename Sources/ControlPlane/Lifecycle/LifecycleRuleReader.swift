/// Reads one lifecycle rule object, recording every problem with its field path.
enum LifecycleRuleReader {
    static let ruleKeys = ["rulePriority", "description", "selection", "action"]
    static let selectionKeys = [
        "tagStatus", "tagPatternList", "tagPrefixList", "countType", "countUnit", "countNumber",
    ]

    /// Reads the rule at `path`, returning nil when a required part is missing or invalid. The reasons are recorded
    /// in `collector`.
    static func read(_ value: JSONValue, at path: FieldPath, collector: inout ValidationCollector) -> LifecycleRule? {
        guard let rule = JSONObjectReader(value, at: path, allowedKeys: Self.ruleKeys, collector: &collector) else {
            return nil
        }
        let priority = Self.readPriority(rule, collector: &collector)
        let description = rule.string("description", required: false, collector: &collector)
        Self.readAction(rule, collector: &collector)
        guard let selectionValue = rule.value("selection", required: true, collector: &collector),
            let selection = JSONObjectReader(
                selectionValue,
                at: path.key("selection"),
                allowedKeys: Self.selectionKeys,
                collector: &collector
            )
        else {
            return nil
        }
        let tagSelection = Self.readTagSelection(selection, collector: &collector)
        let countCondition = Self.readCountCondition(selection, collector: &collector)
        guard let priority, let tagSelection, let countCondition else {
            return nil
        }
        return LifecycleRule(
            rulePriority: priority,
            description: description,
            tagSelection: tagSelection,
            countCondition: countCondition
        )
    }

    private static func readPriority(_ rule: JSONObjectReader, collector: inout ValidationCollector) -> Int? {
        guard let priority = rule.integer("rulePriority", required: true, collector: &collector) else {
            return nil
        }
        guard priority >= 1 else {
            collector.add(rule.path.key("rulePriority"), "must be a positive integer; got \(priority)")
            return nil
        }
        return priority
    }

    private static func readAction(_ rule: JSONObjectReader, collector: inout ValidationCollector) {
        guard let value = rule.value("action", required: true, collector: &collector),
            let action = JSONObjectReader(
                value,
                at: rule.path.key("action"),
                allowedKeys: ["type"],
                collector: &collector
            ),
            let type = action.string("type", required: true, collector: &collector)
        else {
            return
        }
        if type != "expire" {
            collector.add(action.path.key("type"), "must be 'expire'; got '\(type)'")
        }
    }

    private static func readTagSelection(
        _ selection: JSONObjectReader,
        collector: inout ValidationCollector
    ) -> LifecycleTagSelection? {
        let status = selection.string("tagStatus", required: true, collector: &collector)
        let prefixes = Self.readTagList("tagPrefixList", in: selection, collector: &collector)
        let patterns = Self.readTagList("tagPatternList", in: selection, collector: &collector)
        switch status {
        case "tagged":
            return Self.taggedSelection(selection, prefixes: prefixes, patterns: patterns, collector: &collector)
        case "untagged", "any":
            for key in ["tagPrefixList", "tagPatternList"] where selection.contains(key) {
                collector.add(
                    selection.path.key(key),
                    "is only allowed when tagStatus is 'tagged'; remove it or set tagStatus to 'tagged'"
                )
            }
            return status == "any" ? .any : .untagged
        case .some(let other):
            collector.add(
                selection.path.key("tagStatus"),
                "must be one of 'tagged', 'untagged' or 'any'; got '\(other)'"
            )
            return nil
        case .none:
            return nil
        }
    }

    private static func taggedSelection(
        _ selection: JSONObjectReader,
        prefixes: [String]?,
        patterns: [String]?,
        collector: inout ValidationCollector
    ) -> LifecycleTagSelection? {
        let hasPrefixes = selection.contains("tagPrefixList")
        let hasPatterns = selection.contains("tagPatternList")
        if hasPrefixes && hasPatterns {
            collector.add(
                selection.path.key("tagPatternList"),
                "cannot be combined with tagPrefixList; give exactly one of the two"
            )
            return nil
        }
        if !hasPrefixes && !hasPatterns {
            collector.add(
                selection.path.key("tagStatus"),
                "'tagged' needs exactly one of tagPrefixList or tagPatternList"
            )
            return nil
        }
        if let prefixes {
            return .taggedWithPrefixes(prefixes)
        }
        guard let patterns else {
            return nil
        }
        var valid = true
        for (index, pattern) in patterns.enumerated() {
            let wildcards = TagPattern(pattern).wildcardCount
            if wildcards > LifecyclePolicy.maximumWildcardsPerPattern {
                collector.add(
                    selection.path.key("tagPatternList").index(index),
                    "must contain at most \(LifecyclePolicy.maximumWildcardsPerPattern) '*' wildcards; got \(wildcards)"
                )
                valid = false
            }
        }
        return valid ? .taggedWithPatterns(patterns.map(TagPattern.init)) : nil
    }

    /// Reads a tag list that must be a non-empty array of non-empty strings, returning nil after recording problems.
    private static func readTagList(
        _ key: String,
        in selection: JSONObjectReader,
        collector: inout ValidationCollector
    ) -> [String]? {
        let before = collector.errors.count
        guard let list = selection.stringArray(key, required: false, collector: &collector) else {
            return nil
        }
        let path = selection.path.key(key)
        if list.isEmpty && collector.errors.count == before {
            collector.add(path, "must contain at least one entry")
        }
        for (index, entry) in list.enumerated() where entry.isEmpty {
            collector.add(path.index(index), "must not be empty")
        }
        return collector.errors.count == before ? list : nil
    }

    private static func readCountCondition(
        _ selection: JSONObjectReader,
        collector: inout ValidationCollector
    ) -> LifecycleCountCondition? {
        let countType = selection.string("countType", required: true, collector: &collector)
        let number = Self.readCountNumber(selection, collector: &collector)
        let unitPath = selection.path.key("countUnit")
        switch countType {
        case "sinceImagePushed":
            // ECR: countUnit is required with sinceImagePushed, and "days" is its only value.
            let unit = selection.string("countUnit", required: true, collector: &collector)
            if let unit, unit != "days" {
                collector.add(unitPath, "must be 'days'; got '\(unit)'")
                return nil
            }
            guard unit != nil, let number else {
                return nil
            }
            return .sinceImagePushed(days: number)
        case "imageCountMoreThan":
            if selection.contains("countUnit") {
                collector.add(unitPath, "is only allowed with countType 'sinceImagePushed'; remove it")
            }
            return number.map(LifecycleCountCondition.imageCountMoreThan)
        case .some(let other):
            collector.add(
                selection.path.key("countType"),
                "must be 'imageCountMoreThan' or 'sinceImagePushed'; got '\(other)'"
            )
            return nil
        case .none:
            return nil
        }
    }

    private static func readCountNumber(_ selection: JSONObjectReader, collector: inout ValidationCollector) -> Int? {
        guard let number = selection.integer("countNumber", required: true, collector: &collector) else {
            return nil
        }
        guard number >= 1 else {
            collector.add(selection.path.key("countNumber"), "must be a positive integer (1 or more); got \(number)")
            return nil
        }
        return number
    }
}
