import Foundation

/// The lifecycle evaluator's input for one image: its digest, its tags and when it was pushed.
public struct LifecycleImage: Sendable, Hashable {
    public let digest: String
    /// The image's tags; empty for an untagged image.
    public let tags: [String]
    public let pushedAt: Date

    public init(digest: String, tags: [String], pushedAt: Date) {
        self.digest = digest
        self.tags = tags
        self.pushedAt = pushedAt
    }
}

/// The outcome of a lifecycle evaluation for one image.
public struct LifecycleImageResult: Sendable, Hashable {
    public let image: LifecycleImage
    /// The `rulePriority` of the rule that expires the image, or nil when the image is kept.
    public let expiringRulePriority: Int?
    /// The digest of the kept manifest list that references this image, set when a rule selected the image for
    /// expiry and the reference kept it.
    public let keptForManifestList: String?

    /// True when the image would be expired.
    public var isExpired: Bool {
        self.expiringRulePriority != nil
    }
}

/// The result of evaluating a lifecycle policy over a repository's images.
public struct LifecycleEvaluation: Sendable, Hashable {
    /// One result per input image, in input order.
    public let results: [LifecycleImageResult]

    /// The images that would be expired, each with its rule, in input order.
    public var expired: [LifecycleImageResult] {
        self.results.filter(\.isExpired)
    }

    /// The images that would be kept, in input order.
    public var kept: [LifecycleImage] {
        self.results.filter { !$0.isExpired }.map(\.image)
    }
}
