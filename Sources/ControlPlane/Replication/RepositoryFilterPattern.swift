/// ECR's rules for a replication `filter` value: 2 to 256 characters matching
/// `^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$` (ECR API reference, RepositoryFilter).
///
/// That pattern allows lowercase letters, digits, `.`, `_`, `-` and `/`. Every `/`-separated segment before the
/// last is non-empty and starts with a letter or digit. The last segment may be empty or start with a separator,
/// so partial names such as `team/` or `team/app-` are valid prefixes.
public enum RepositoryFilterPattern {
    public static let lengthRange = 2...256

    /// Describes the first rule that `filter` breaks, or returns nil when it is a valid filter.
    public static func problem(in filter: String) -> String? {
        let length = filter.unicodeScalars.count
        guard Self.lengthRange.contains(length) else {
            return "must be between 2 and 256 characters; got \(length)"
        }
        if let invalid = filter.unicodeScalars.first(where: { !Self.isAllowed($0) }) {
            return "contains '\(invalid)', which is not allowed; use lowercase letters, digits, '.', '_', '-' and '/'"
        }
        let segments = filter.split(separator: "/", omittingEmptySubsequences: false)
        for segment in segments.dropLast() {
            guard let first = segment.unicodeScalars.first, RepositoryName.isAlphanumeric(first) else {
                return "each part before a '/' must start with a lowercase letter or digit; got '\(segment)/'"
            }
        }
        return nil
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        RepositoryName.isAlphanumeric(scalar) || scalar == "." || scalar == "_" || scalar == "-" || scalar == "/"
    }
}
