/// An image tag such as `v1.2.3`, checked against ECR's tag rules.
///
/// ECR accepts 1 to 300 characters. The characters are those of the OCI distribution tag grammar: letters, digits,
/// `_`, `.` and `-`, not starting with `.` or `-`.
// NOTE: the OCI grammar caps tags at 128 characters; ECR documents 300, and that larger limit is used here.
public struct ImageTag: Sendable, Hashable, CustomStringConvertible {
    /// ECR `imageTag` length constraints.
    public static let lengthRange = 1...300

    public let rawValue: String

    /// Validates `text` as an image tag.
    ///
    /// - Throws: `ValidationError` naming `field` when `text` breaks a tag rule.
    public init(validating text: String, field: FieldPath) throws(ValidationError) {
        if let problem = Self.problem(in: text) {
            throw ValidationError(field: field, message: problem)
        }
        self.rawValue = text
    }

    /// Describes the first tag rule that `text` breaks, or returns nil for a valid tag.
    public static func problem(in text: String) -> String? {
        let length = text.unicodeScalars.count
        guard Self.lengthRange.contains(length) else {
            return "must be between 1 and 300 characters; got \(length)"
        }
        if let first = text.unicodeScalars.first, first == "." || first == "-" {
            return "must start with a letter, digit or '_'; got '\(first)'"
        }
        if let invalid = text.unicodeScalars.first(where: { !Self.isAllowed($0) }) {
            return "contains '\(invalid)', which is not allowed; use letters, digits, '_', '.' and '-'"
        }
        return nil
    }

    public var description: String {
        self.rawValue
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "." || scalar == "-"
    }
}
