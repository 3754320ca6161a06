/// A validated ECR lifecycle policy: the text exactly as received plus the rules parsed from it.
///
/// Create one with `init(validating:)`; the stored `text` is never reformatted, so what ECR receives and what
/// `GET` returns are byte-for-byte what the caller sent.
public struct LifecyclePolicy: Sendable, Hashable {
    /// ECR accepts at most 50 rules in one lifecycle policy.
    public static let maximumRules = 50
    /// ECR's `lifecyclePolicyText` length constraints (PutLifecyclePolicy): 100 to 30,720 characters.
    public static let textLengthRange = 100...30_720
    /// ECR allows at most four `*` wildcards in one `tagPatternList` entry.
    public static let maximumWildcardsPerPattern = 4

    /// The policy document exactly as received.
    public let text: String
    /// The rules in document order; evaluation orders them by `rulePriority`.
    public let rules: [LifecycleRule]
}

/// One rule of a lifecycle policy.
public struct LifecycleRule: Sendable, Hashable {
    /// Evaluation order, lowest first; unique within a policy and at least 1.
    public let rulePriority: Int
    public let description: String?
    /// The tag condition that selects images for the rule.
    public let tagSelection: LifecycleTagSelection
    /// The age or count condition that picks which selected images expire.
    public let countCondition: LifecycleCountCondition

    public init(
        rulePriority: Int,
        description: String? = nil,
        tagSelection: LifecycleTagSelection,
        countCondition: LifecycleCountCondition
    ) {
        self.rulePriority = rulePriority
        self.description = description
        self.tagSelection = tagSelection
        self.countCondition = countCondition
    }
}

/// The `tagStatus` of a rule together with its tag list.
public enum LifecycleTagSelection: Sendable, Hashable {
    /// `tagStatus: any`: every image.
    case any
    /// `tagStatus: untagged`: images without tags.
    case untagged
    /// `tagStatus: tagged` with `tagPrefixList`: images that, for every prefix, have some tag starting with it.
    case taggedWithPrefixes([String])
    /// `tagStatus: tagged` with `tagPatternList`: images that, for every pattern, have some tag matching it.
    case taggedWithPatterns([TagPattern])
}

/// The `countType`, `countUnit` and `countNumber` of a rule.
public enum LifecycleCountCondition: Sendable, Hashable {
    /// Keeps the newest `count` selected images by push time and expires the rest.
    case imageCountMoreThan(Int)
    /// Expires selected images pushed more than `days` × 24 hours before the evaluation time.
    case sinceImagePushed(days: Int)
}
