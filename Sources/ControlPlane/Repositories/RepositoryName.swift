/// A private ECR repository name such as `team/app`, checked against ECR's naming rules.
///
/// A name has 2 to 256 characters in components joined by `/`. Each component is lowercase letters and digits,
/// with `.`, `_`, `__` or a run of `-` allowed only between two letters or digits. That is the pattern
/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*` that the CloudFormation
/// schema of `AWS::ECR::Repository` gives for `RepositoryName`.
// NOTE: older ECR API references gave `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`, which
// rejects `__` and `--`. A registry that still enforces that form rejects such names even though this check passes.
public struct RepositoryName: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// ECR CreateRepository `repositoryName` length constraints.
    public static let lengthRange = 2...256

    public let rawValue: String

    /// Validates `text` as a repository name.
    ///
    /// - Parameter field: the field named in the error, `name` by default.
    /// - Throws: `ValidationError` with one problem when `text` breaks a naming rule.
    public init(validating text: String, field: FieldPath = FieldPath.root.key("name")) throws(ValidationError) {
        if let problem = Self.problem(in: text) {
            throw ValidationError(field: field, message: problem)
        }
        self.rawValue = text
    }

    /// Describes the first naming rule that `text` breaks, or returns nil for a valid name.
    public static func problem(in text: String) -> String? {
        let length = text.unicodeScalars.count
        guard Self.lengthRange.contains(length) else {
            return "must be between 2 and 256 characters; got \(length)"
        }
        if let invalid = text.unicodeScalars.first(where: { !Self.isAllowed($0) }) {
            return "contains '\(invalid)', which is not allowed; use lowercase letters, digits, '.', '_', '-' and '/'"
        }
        for component in text.split(separator: "/", omittingEmptySubsequences: false) {
            if let problem = Self.componentProblem(component) {
                return problem
            }
        }
        return nil
    }

    public var description: String {
        self.rawValue
    }

    public static func < (lhs: RepositoryName, rhs: RepositoryName) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard Self.problem(in: text) == nil else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "invalid repository name")
            )
        }
        self.rawValue = text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        Self.isAlphanumeric(scalar) || scalar == "." || scalar == "_" || scalar == "-" || scalar == "/"
    }

    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func componentProblem(_ component: Substring) -> String? {
        guard let first = component.unicodeScalars.first, let last = component.unicodeScalars.last else {
            return "must not start or end with '/' or contain '//'"
        }
        guard Self.isAlphanumeric(first), Self.isAlphanumeric(last) else {
            return "component '\(component)' must start and end with a lowercase letter or digit"
        }
        var separator = ""
        for scalar in component.unicodeScalars {
            if Self.isAlphanumeric(scalar) {
                if !separator.isEmpty && !Self.isAllowedSeparator(separator) {
                    return "separator '\(separator)' in component '\(component)' is not allowed; between letters and "
                        + "digits use '.', '_', '__' or one or more '-'"
                }
                separator = ""
            } else {
                separator.unicodeScalars.append(scalar)
            }
        }
        return nil
    }

    private static func isAllowedSeparator(_ separator: String) -> Bool {
        separator == "." || separator == "_" || separator == "__" || separator.allSatisfy { $0 == "-" }
    }
}
