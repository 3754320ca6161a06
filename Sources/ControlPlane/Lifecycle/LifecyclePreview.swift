import Foundation
import Observability

/// The outcome of evaluating a lifecycle policy against a repository's current images.
public struct LifecyclePreview: Sendable, Codable {
    /// The origin of the evaluated policy.
    public enum PolicySource: String, Sendable, Codable {
        /// The request body.
        case request
        /// The policy stored on the repository.
        case stored
    }

    /// An image the policy would expire, with the rule that expires it.
    public struct ExpiringImage: Sendable, Codable {
        public let imageDigest: String
        public let imageTags: [String]
        public let imagePushedAt: String
        public let rulePriority: Int
        public let ruleDescription: String?
    }

    /// An image the policy would keep.
    public struct KeptImage: Sendable, Codable {
        public let imageDigest: String
        public let imageTags: [String]
        public let imagePushedAt: String
        /// The kept manifest list (image index) that references the image and so protects it from its rule.
        public let keptForManifestList: String?
    }

    public let repositoryName: String
    /// The evaluation time, RFC 3339 UTC.
    public let evaluatedAt: String
    public let policySource: PolicySource
    /// Images that would expire, newest first.
    public let expiring: [ExpiringImage]
    /// Images that would be kept, newest first.
    public let kept: [KeptImage]

    init(
        repositoryName: String,
        policy: LifecyclePolicy,
        source: PolicySource,
        evaluation: LifecycleEvaluation,
        now: Date
    ) {
        self.repositoryName = repositoryName
        self.evaluatedAt = RFC3339.string(from: now)
        self.policySource = source
        let descriptions = Dictionary(
            policy.rules.map { ($0.rulePriority, $0.description) },
            uniquingKeysWith: { first, _ in first }
        )
        let results = evaluation.results.sorted { $0.image.pushedAt > $1.image.pushedAt }
        self.expiring = results.compactMap { result in
            guard let priority = result.expiringRulePriority else {
                return nil
            }
            return ExpiringImage(
                imageDigest: result.image.digest,
                imageTags: result.image.tags,
                imagePushedAt: RFC3339.string(from: result.image.pushedAt),
                rulePriority: priority,
                ruleDescription: descriptions[priority] ?? nil
            )
        }
        self.kept = results.filter { !$0.isExpired }.map { result in
            KeptImage(
                imageDigest: result.image.digest,
                imageTags: result.image.tags,
                imagePushedAt: RFC3339.string(from: result.image.pushedAt),
                keptForManifestList: result.keptForManifestList
            )
        }
    }
}
