extension IAMPolicyDocument {
    /// Parses and validates a repository or registry policy, reporting every problem with its field, e.g.
    /// `Statement[1].Action[0]`.
    ///
    /// The document has at most 10,240 characters, `Version` 2012-10-17 or 2008-10-17, and a `Statement` that is
    /// an object or a non-empty list. Each statement has `Effect` Allow or Deny, exactly one of `Principal` and
    /// `NotPrincipal`, and exactly one of `Action` and `NotAction` with names in the `ecr:` namespace, where
    /// wildcards are allowed. `Sid` values are unique and `Condition` is an object. Registry policies also need
    /// `Resource` or `NotResource` in every statement.
    ///
    /// - Throws: `ValidationError` listing every problem found.
    public init<Bytes: Collection>(validating data: Bytes, kind: Kind) throws(ValidationError)
    where Bytes.Element == UInt8 {
        let document = try JSONParser.parse(data)
        let text = String(decoding: data, as: UTF8.self)
        var reader = IAMPolicyReader(kind: kind)
        let length = text.unicodeScalars.count
        if length > Self.maximumTextLength {
            reader.collector.add(.root, "must be at most \(Self.maximumTextLength) characters; got \(length)")
        }
        let parsed = reader.read(document)
        try reader.collector.finish()
        guard let parsed else {
            preconditionFailure("an unreadable policy always records a problem")
        }
        self.init(text: text, version: parsed.version, statements: parsed.statements)
    }
}

/// Reads and checks an IAM policy document, recording every problem.
struct IAMPolicyReader {
    let kind: IAMPolicyDocument.Kind
    var collector = ValidationCollector()

    static let statementKeys = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]
    static let principalTypes = ["AWS", "Service", "Federated", "CanonicalUser"]

    init(kind: IAMPolicyDocument.Kind) {
        self.kind = kind
    }

    mutating func read(_ document: JSONValue) -> (version: String, statements: [IAMStatement])? {
        let allowed = ["Version", "Id", "Statement"]
        guard let policy = JSONObjectReader(document, at: .root, allowedKeys: allowed, collector: &self.collector)
        else {
            return nil
        }
        _ = policy.string("Id", required: false, collector: &self.collector)
        let version = policy.string("Version", required: true, collector: &self.collector)
        if let version, !IAMPolicyDocument.versions.contains(version) {
            self.collector.add(policy.path.key("Version"), "must be '2012-10-17' or '2008-10-17'; got '\(version)'")
        }
        let statements = self.readStatements(policy)
        guard let version, let statements else {
            return nil
        }
        return (version, statements)
    }

    private mutating func readStatements(_ policy: JSONObjectReader) -> [IAMStatement]? {
        guard let value = policy.value("Statement", required: true, collector: &self.collector) else {
            return nil
        }
        let path = policy.path.key("Statement")
        var elements: [(JSONValue, FieldPath)]
        switch value {
        case .object:
            elements = [(value, path)]
        case .array(let list):
            if list.isEmpty {
                self.collector.add(path, "must contain at least one statement")
            }
            elements = list.enumerated().map { ($0.element, path.index($0.offset)) }
        default:
            self.collector.add(path, "must be a statement object or a list of them; got \(value.typeDescription)")
            return nil
        }
        var statements: [IAMStatement] = []
        var sidOwners: [String: FieldPath] = [:]
        for (element, elementPath) in elements {
            guard let statement = self.readStatement(element, at: elementPath) else {
                continue
            }
            if let sid = statement.sid {
                if let owner = sidOwners[sid] {
                    self.collector.add(
                        elementPath.key("Sid"),
                        "duplicates the Sid of \(owner); give each statement a unique Sid"
                    )
                } else {
                    sidOwners[sid] = elementPath
                }
            }
            statements.append(statement)
        }
        return statements
    }

    private mutating func readStatement(_ value: JSONValue, at path: FieldPath) -> IAMStatement? {
        guard
            let statement = JSONObjectReader(
                value,
                at: path,
                allowedKeys: Self.statementKeys,
                collector: &self.collector
            )
        else {
            return nil
        }
        let sid = statement.string("Sid", required: false, collector: &self.collector)
        let effect = self.readEffect(statement)
        let principal = self.readPrincipal(statement)
        let actions = self.readActions(statement)
        let resources = self.readResources(statement)
        let hasCondition = self.readCondition(statement)
        guard let effect, let principal, let actions else {
            return nil
        }
        return IAMStatement(
            sid: sid,
            effect: effect,
            principal: principal.value,
            principalIsNegated: principal.isNegated,
            actions: actions.values,
            actionIsNegated: actions.isNegated,
            resources: resources?.values,
            resourceIsNegated: resources?.isNegated ?? false,
            hasCondition: hasCondition
        )
    }

    private mutating func readEffect(_ statement: JSONObjectReader) -> IAMStatement.Effect? {
        guard let text = statement.string("Effect", required: true, collector: &self.collector) else {
            return nil
        }
        guard let effect = IAMStatement.Effect(rawValue: text) else {
            self.collector.add(statement.path.key("Effect"), "must be 'Allow' or 'Deny'; got '\(text)'")
            return nil
        }
        return effect
    }

    /// Reads whichever of two mutually exclusive keys is present, recording a problem when both or neither are.
    private mutating func exclusiveKey(
        _ statement: JSONObjectReader,
        _ positive: String,
        _ negative: String,
        required: Bool
    ) -> (key: String, value: JSONValue)? {
        let hasPositive = statement.contains(positive)
        let hasNegative = statement.contains(negative)
        if hasPositive && hasNegative {
            self.collector.add(statement.path.key(negative), "cannot be combined with \(positive); give one of them")
            return nil
        }
        let key = hasNegative ? negative : positive
        guard let value = statement.value(key, required: false, collector: &self.collector) else {
            if required {
                self.collector.add(statement.path.key(positive), "is required (or \(negative))")
            }
            return nil
        }
        return (key, value)
    }

    private mutating func readPrincipal(_ statement: JSONObjectReader) -> (value: IAMPrincipal, isNegated: Bool)? {
        guard let (key, value) = self.exclusiveKey(statement, "Principal", "NotPrincipal", required: true) else {
            return nil
        }
        let path = statement.path.key(key)
        if value == .string("*") {
            return (.everyone, key == "NotPrincipal")
        }
        guard
            let object = JSONObjectReader(value, at: path, allowedKeys: Self.principalTypes, collector: &self.collector)
        else {
            return nil
        }
        var identifiers: [String: [String]] = [:]
        for type in Self.principalTypes where object.contains(type) {
            if let values = self.readStringOrList(object, type) {
                identifiers[type] = values
            }
        }
        if identifiers.isEmpty && !Self.principalTypes.contains(where: object.contains) {
            self.collector.add(
                path,
                "must name at least one principal, e.g. {\"AWS\": \"arn:aws:iam::123456789012:root\"}"
            )
            return nil
        }
        return (.identifiers(identifiers), key == "NotPrincipal")
    }

    private mutating func readActions(_ statement: JSONObjectReader) -> (values: [String], isNegated: Bool)? {
        guard let (key, value) = self.exclusiveKey(statement, "Action", "NotAction", required: true),
            let actions = self.readStringOrList(statement, key)
        else {
            return nil
        }
        let isList = value.isArray
        for (index, action) in actions.enumerated() where !Self.isECRAction(action) {
            let path = isList ? statement.path.key(key).index(index) : statement.path.key(key)
            self.collector.add(
                path,
                "must be an action in the 'ecr:' namespace such as 'ecr:BatchGetImage' or 'ecr:*'; got '\(action)'"
            )
        }
        return (actions, key == "NotAction")
    }

    /// True for `ecr:` followed by letters and the wildcards `*` and `?`; the prefix is case-insensitive in IAM.
    static func isECRAction(_ action: String) -> Bool {
        let name = action.dropFirst(4)
        return action.lowercased().hasPrefix("ecr:") && !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "*" || scalar == "?"
            }
    }

    private mutating func readResources(_ statement: JSONObjectReader) -> (values: [String], isNegated: Bool)? {
        let required = self.kind == .registryPolicy
        guard let (key, _) = self.exclusiveKey(statement, "Resource", "NotResource", required: required),
            let resources = self.readStringOrList(statement, key)
        else {
            return nil
        }
        return (resources, key == "NotResource")
    }

    private mutating func readCondition(_ statement: JSONObjectReader) -> Bool {
        guard let value = statement.value("Condition", required: false, collector: &self.collector) else {
            return false
        }
        let path = statement.path.key("Condition")
        guard case .object(let operators) = value else {
            self.collector.add(path, "must be an object of condition operators; got \(value.typeDescription)")
            return true
        }
        for entry in operators {
            guard case .object(let keys) = entry.value, !keys.isEmpty else {
                self.collector.add(
                    path.key(entry.key),
                    "must be a non-empty object of condition keys to values, "
                        + "e.g. {\"aws:SourceAccount\": \"123456789012\"}"
                )
                continue
            }
            for key in keys where !Self.isConditionValue(key.value) {
                self.collector.add(
                    path.key(entry.key).key(key.key),
                    "must be a string, number, boolean or a list of them; got \(key.value.typeDescription)"
                )
            }
        }
        return true
    }

    private static func isConditionValue(_ value: JSONValue) -> Bool {
        switch value {
        case .string, .number, .bool:
            return true
        case .array(let elements):
            return !elements.isEmpty && elements.allSatisfy { Self.isConditionValue($0) && !($0.isArray) }
        case .null, .object:
            return false
        }
    }

    /// Reads member `key` as a string or a non-empty list of non-empty strings, recording problems by path.
    private mutating func readStringOrList(_ object: JSONObjectReader, _ key: String) -> [String]? {
        guard let value = object.value(key, required: false, collector: &self.collector) else {
            return nil
        }
        let path = object.path.key(key)
        switch value {
        case .string(let text):
            if text.isEmpty {
                self.collector.add(path, "must not be empty")
                return nil
            }
            return [text]
        case .array(let elements):
            if elements.isEmpty {
                self.collector.add(path, "must contain at least one entry")
                return nil
            }
            var values: [String] = []
            for (index, element) in elements.enumerated() {
                guard case .string(let text) = element else {
                    self.collector.add(path.index(index), "must be a string; got \(element.typeDescription)")
                    continue
                }
                if text.isEmpty {
                    self.collector.add(path.index(index), "must not be empty")
                    continue
                }
                values.append(text)
            }
            return values.count == elements.count ? values : nil
        default:
            self.collector.add(path, "must be a string or a list of strings; got \(value.typeDescription)")
            return nil
        }
    }
}

extension JSONValue {
    fileprivate var isArray: Bool {
        if case .array = self {
            return true
        }
        return false
    }
}
