/// Typed, path-aware access to the members of one JSON object that records every problem in a collector.
///
/// Creating a reader already rejects unknown keys, duplicate keys and `null` members, each with its field path,
/// because ECR documents are forwarded as sent and ECR would reject or misread them.
public struct JSONObjectReader: Sendable {
    /// The path of the object itself.
    public let path: FieldPath
    private let members: [String: JSONValue]
    private let nullKeys: Set<String>

    /// Reads `value` as an object whose keys must come from `allowedKeys`; nil (with a recorded problem) when
    /// `value` is not an object.
    public init?(
        _ value: JSONValue,
        at path: FieldPath,
        allowedKeys: [String],
        collector: inout ValidationCollector
    ) {
        guard case .object(let list) = value else {
            collector.add(path, "must be an object; got \(value.typeDescription)")
            return nil
        }
        var members: [String: JSONValue] = [:]
        var nullKeys: Set<String> = []
        for member in list {
            let memberPath = path.key(member.key)
            if !allowedKeys.contains(member.key) {
                let allowed = allowedKeys.map { "'\($0)'" }.joined(separator: ", ")
                collector.add(memberPath, "is not a known field; allowed fields are \(allowed)")
            } else if members[member.key] != nil || nullKeys.contains(member.key) {
                collector.add(memberPath, "appears more than once; give each field once")
            } else if member.value == .null {
                collector.add(memberPath, "must not be null; omit the field instead")
                nullKeys.insert(member.key)
            } else {
                members[member.key] = member.value
            }
        }
        self.path = path
        self.members = members
        self.nullKeys = nullKeys
    }

    /// True when the object has a non-null member `key`.
    public func contains(_ key: String) -> Bool {
        self.members[key] != nil
    }

    /// Returns the raw value of member `key`, or nil when it is absent or null. Records "is required" when
    /// `required` and the member is absent.
    public func value(_ key: String, required: Bool, collector: inout ValidationCollector) -> JSONValue? {
        if let value = self.members[key] {
            return value
        }
        if required && !self.nullKeys.contains(key) {
            collector.add(self.path.key(key), "is required")
        }
        return nil
    }

    /// Member `key` as a string.
    public func string(_ key: String, required: Bool, collector: inout ValidationCollector) -> String? {
        guard let value = self.value(key, required: required, collector: &collector) else {
            return nil
        }
        guard case .string(let text) = value else {
            collector.add(self.path.key(key), "must be a string; got \(value.typeDescription)")
            return nil
        }
        return text
    }

    /// Member `key` as a boolean.
    public func bool(_ key: String, required: Bool, collector: inout ValidationCollector) -> Bool? {
        guard let value = self.value(key, required: required, collector: &collector) else {
            return nil
        }
        guard case .bool(let flag) = value else {
            collector.add(self.path.key(key), "must be true or false; got \(value.typeDescription)")
            return nil
        }
        return flag
    }

    /// Member `key` as an integer written without fraction or exponent.
    public func integer(_ key: String, required: Bool, collector: inout ValidationCollector) -> Int? {
        guard let value = self.value(key, required: required, collector: &collector) else {
            return nil
        }
        guard let number = value.integerValue else {
            if case .number(let literal) = value {
                collector.add(self.path.key(key), "must be a whole number without fraction or exponent; got \(literal)")
            } else {
                collector.add(self.path.key(key), "must be an integer; got \(value.typeDescription)")
            }
            return nil
        }
        return number
    }

    /// Member `key` as an array.
    public func array(_ key: String, required: Bool, collector: inout ValidationCollector) -> [JSONValue]? {
        guard let value = self.value(key, required: required, collector: &collector) else {
            return nil
        }
        guard case .array(let elements) = value else {
            collector.add(self.path.key(key), "must be an array; got \(value.typeDescription)")
            return nil
        }
        return elements
    }

    /// Member `key` as an array of strings; elements of another type are recorded and skipped.
    public func stringArray(_ key: String, required: Bool, collector: inout ValidationCollector) -> [String]? {
        guard let elements = self.array(key, required: required, collector: &collector) else {
            return nil
        }
        var strings: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                collector.add(self.path.key(key).index(index), "must be a string; got \(element.typeDescription)")
                continue
            }
            strings.append(text)
        }
        return strings
    }
}
