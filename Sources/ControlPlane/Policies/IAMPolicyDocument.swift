/// A validated IAM policy document attached to an ECR repository or registry, with the text kept as sent.
public struct IAMPolicyDocument: Sendable, Hashable {
    /// The ECR resource the policy is attached to, which changes whether `Resource` is required.
    public enum Kind: Sendable, Hashable {
        /// SetRepositoryPolicy: `Resource` may be omitted because it is implied by the repository.
        case repositoryPolicy
        /// PutRegistryPolicy: every statement names its `Resource`.
        case registryPolicy
    }

    /// ECR's `policyText` length limit for repository and registry policies.
    public static let maximumTextLength = 10_240
    /// The policy language versions IAM accepts.
    public static let versions = ["2012-10-17", "2008-10-17"]

    /// The policy text exactly as received.
    public let text: String
    public let version: String
    public let statements: [IAMStatement]
}

/// One statement of an IAM policy.
public struct IAMStatement: Sendable, Hashable {
    public enum Effect: String, Sendable, Hashable {
        case allow = "Allow"
        case deny = "Deny"
    }

    public let sid: String?
    public let effect: Effect
    /// `Principal`, or `NotPrincipal` when `principalIsNegated`.
    public let principal: IAMPrincipal
    public let principalIsNegated: Bool
    /// `Action` entries, or `NotAction` entries when `actionIsNegated`.
    public let actions: [String]
    public let actionIsNegated: Bool
    /// `Resource` entries, `NotResource` entries when `resourceIsNegated`, or nil when the statement has neither.
    public let resources: [String]?
    public let resourceIsNegated: Bool
    /// True when the statement has a `Condition` block, which this server does not evaluate.
    public let hasCondition: Bool
}

/// The `Principal` (or `NotPrincipal`) of a statement.
public enum IAMPrincipal: Sendable, Hashable {
    /// `"Principal": "*"`: everyone.
    case everyone
    /// `"Principal": {"AWS": [...], "Service": [...]}`: identifiers by principal type.
    case identifiers([String: [String]])
}
