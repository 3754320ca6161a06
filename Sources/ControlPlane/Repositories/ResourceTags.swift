/// Resource tags on a repository, checked against the AWS tagging rules ECR applies.
public enum ResourceTags {
    /// At most 50 tags per resource.
    public static let maximumCount = 50
    /// Tag key length: 1 to 128 characters.
    public static let keyLengthRange = 1...128
    /// Tag value length: 0 to 256 characters.
    public static let valueLengthRange = 0...256

    /// Records every problem in `tags`, naming each offending key under `path` (e.g. `tags.team`).
    public static func validate(_ tags: [String: String], at path: FieldPath, collector: inout ValidationCollector) {
        if tags.count > Self.maximumCount {
            collector.add(path, "must contain at most \(Self.maximumCount) tags; got \(tags.count)")
        }
        for key in tags.keys.sorted() {
            let keyPath = path.key(key)
            let keyLength = key.unicodeScalars.count
            if !Self.keyLengthRange.contains(keyLength) {
                collector.add(keyPath, "tag key must be between 1 and 128 characters; got \(keyLength)")
            }
            // Keys starting with `aws:` are reserved for AWS, in any letter case.
            if key.lowercased().hasPrefix("aws:") {
                collector.add(keyPath, "tag key must not start with 'aws:', which is reserved for AWS")
            }
            if let invalid = key.unicodeScalars.first(where: { !Self.isAllowed($0) }) {
                collector.add(keyPath, "tag key contains '\(invalid)'; \(Self.allowedCharacters)")
            }
            let value = tags[key] ?? ""
            let valueLength = value.unicodeScalars.count
            if !Self.valueLengthRange.contains(valueLength) {
                collector.add(keyPath, "tag value must be at most 256 characters; got \(valueLength)")
            }
            if let invalid = value.unicodeScalars.first(where: { !Self.isAllowed($0) }) {
                collector.add(keyPath, "tag value contains '\(invalid)'; \(Self.allowedCharacters)")
            }
        }
    }

    private static let allowedCharacters =
        "use letters, digits, spaces and the characters _ . : / = + - @"

    // AWS tagging rules: letters, numbers and spaces in any script, plus `_ . : / = + - @`.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return "_.:/=+-@".unicodeScalars.contains(scalar)
        }
    }
}
