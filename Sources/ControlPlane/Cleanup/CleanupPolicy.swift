/// The selection rules of a cleanup run.
///
/// A repository is covered when its name starts with `repositoryPrefix`. Its regions are the source and every
/// destination of the replication rules that match the name.
public struct CleanupPolicy: Sendable, Hashable, Codable {
    public var repositoryPrefix: String
    /// Untagged images pushed more than this many days before the run are planned; 0 plans every untagged
    /// image pushed before the run.
    public var untaggedOlderThanDays: Int
    public var taggedRules: [TaggedCleanupRule]

    public init(repositoryPrefix: String, untaggedOlderThanDays: Int, taggedRules: [TaggedCleanupRule] = []) {
        self.repositoryPrefix = repositoryPrefix
        self.untaggedOlderThanDays = untaggedOlderThanDays
        self.taggedRules = taggedRules
    }

    /// Checks the ranges the planner relies on.
    public func validate() throws(ValidationError) {
        var errors: [FieldError] = []
        if self.repositoryPrefix.isEmpty || self.repositoryPrefix.utf8.count > 256 {
            errors.append(FieldError(field: "repositoryPrefix", message: "must be 1 to 256 characters"))
        }
        if !(0...36_500).contains(self.untaggedOlderThanDays) {
            errors.append(FieldError(field: "untaggedOlderThanDays", message: "must be an integer from 0 to 36500"))
        }
        for (index, rule) in self.taggedRules.enumerated() {
            errors += rule.validationErrors(field: "taggedRules[\(index)]")
        }
        if !errors.isEmpty {
            throw ValidationError(errors)
        }
    }
}

/// A rule for tagged images: those whose every tag starts with one of `tagPrefixes`, pushed more than
/// `olderThanDays` days ago, except the newest `keepLatest` of them in each repository and region.
public struct TaggedCleanupRule: Sendable, Hashable, Codable {
    public var tagPrefixes: [String]
    public var olderThanDays: Int
    public var keepLatest: Int

    public init(tagPrefixes: [String], olderThanDays: Int, keepLatest: Int = 0) {
        self.tagPrefixes = tagPrefixes
        self.olderThanDays = olderThanDays
        self.keepLatest = keepLatest
    }

    func validationErrors(field: String) -> [FieldError] {
        var errors: [FieldError] = []
        if self.tagPrefixes.isEmpty || self.tagPrefixes.contains(where: { $0.isEmpty || $0.utf8.count > 300 }) {
            errors.append(
                FieldError(
                    field: "\(field).tagPrefixes",
                    message: "must list 1 or more prefixes of 1 to 300 characters"
                )
            )
        }
        if !(0...36_500).contains(self.olderThanDays) {
            errors.append(FieldError(field: "\(field).olderThanDays", message: "must be an integer from 0 to 36500"))
        }
        if !(0...10_000).contains(self.keepLatest) {
            errors.append(FieldError(field: "\(field).keepLatest", message: "must be an integer from 0 to 10000"))
        }
        return errors
    }

    /// True when the image has tags and each one starts with a listed prefix.
    func matches(tags: [String]) -> Bool {
        !tags.isEmpty && tags.allSatisfy { tag in self.tagPrefixes.contains { tag.hasPrefix($0) } }
    }
}
