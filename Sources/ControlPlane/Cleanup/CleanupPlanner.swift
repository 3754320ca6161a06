import Foundation
import Observability

/// One image of one repository in one region, with the fields the planner reads.
public struct CleanupImage: Sendable, Hashable {
    public var digest: String
    public var tags: [String]
    public var pushedAt: Date
    /// Digests of the manifests this image lists when it is a manifest list or OCI index; empty otherwise.
    public var childDigests: [String]

    public init(digest: String, tags: [String], pushedAt: Date, childDigests: [String] = []) {
        self.digest = digest
        self.tags = tags
        self.pushedAt = pushedAt
        self.childDigests = childDigests
    }
}

/// Decides which images of one repository in one region a policy deletes. It does no I/O, and `now` is a
/// parameter so tests can age images that moto stamps with the current time.
public enum CleanupPlanner {
    /// A planned deletion and its reason.
    public struct Decision: Sendable, Hashable {
        public let digest: String
        public let reason: String
    }

    /// The start of the reason of every image planned because it is untagged.
    static let untaggedReasonPrefix = "untagged"

    /// Returns the images to delete, oldest first. An image that a kept manifest list or index references,
    /// directly or through a nested index, is never planned, because deleting it would break the list.
    public static func plan(_ images: [CleanupImage], policy: CleanupPolicy, now: Date) -> [Decision] {
        var reasons = self.candidates(images, policy: policy, now: now)
        let byDigest = Dictionary(images.map { ($0.digest, $0) }, uniquingKeysWith: { first, _ in first })
        var pending = images.filter { reasons[$0.digest] == nil }.flatMap(\.childDigests)
        var protected: Set<String> = []
        while let digest = pending.popLast() {
            guard protected.insert(digest).inserted else {
                continue
            }
            reasons[digest] = nil
            pending += byDigest[digest]?.childDigests ?? []
        }
        return images.sorted { ($0.pushedAt, $0.digest) < ($1.pushedAt, $1.digest) }
            .compactMap { image in reasons[image.digest].map { Decision(digest: image.digest, reason: $0) } }
    }

    /// Returns the reason of every image the policy's rules select, before references are considered.
    static func candidates(_ images: [CleanupImage], policy: CleanupPolicy, now: Date) -> [String: String] {
        var reasons: [String: String] = [:]
        let untaggedCutoff = now.addingTimeInterval(-Double(policy.untaggedOlderThanDays) * 86_400)
        for image in images where image.tags.isEmpty && image.pushedAt < untaggedCutoff {
            reasons[image.digest] =
                "\(self.untaggedReasonPrefix), pushed \(RFC3339.string(from: image.pushedAt)), more than \(policy.untaggedOlderThanDays) days before the run"
        }
        for (index, rule) in policy.taggedRules.enumerated() {
            let cutoff = now.addingTimeInterval(-Double(rule.olderThanDays) * 86_400)
            let matching = images.filter { rule.matches(tags: $0.tags) }.sorted { $0.pushedAt > $1.pushedAt }
            for image in matching.dropFirst(rule.keepLatest)
            where image.pushedAt < cutoff && reasons[image.digest] == nil {
                reasons[image.digest] =
                    "tags \(image.tags.sorted().joined(separator: ",")) match taggedRules[\(index)], pushed \(RFC3339.string(from: image.pushedAt)), more than \(rule.olderThanDays) days before the run"
            }
        }
        return reasons
    }
}

extension CleanupPlanner {
    /// Returns a failure code and reason for each planned digest that must no longer be deleted.
    /// `TaggedSincePlan` marks an image planned as untagged that now has a tag. `ReferencedSincePlan` marks an
    /// image that a manifest list or index outside the plan now lists, directly or through a nested index.
    public static func changedSincePlan(
        _ current: [CleanupImage],
        planned: [CleanupPlanItem]
    ) -> [String: (code: String, reason: String)] {
        let plannedDigests = Set(planned.map(\.imageDigest))
        let byDigest = Dictionary(current.map { ($0.digest, $0) }, uniquingKeysWith: { first, _ in first })
        var blocked: [String: (code: String, reason: String)] = [:]
        for item in planned where item.reason.hasPrefix(self.untaggedReasonPrefix) {
            if let tags = byDigest[item.imageDigest]?.tags, !tags.isEmpty {
                blocked[item.imageDigest] = ("TaggedSincePlan", "The image was tagged \(tags.sorted()) after the plan.")
            }
        }
        var pending = current.filter { !plannedDigests.contains($0.digest) }.flatMap(\.childDigests)
        var referenced: Set<String> = []
        while let digest = pending.popLast() {
            guard referenced.insert(digest).inserted else {
                continue
            }
            pending += byDigest[digest]?.childDigests ?? []
        }
        for digest in referenced.intersection(plannedDigests) where blocked[digest] == nil {
            blocked[digest] = ("ReferencedSincePlan", "A manifest list or index that is kept lists the image.")
        }
        return blocked
    }
}
