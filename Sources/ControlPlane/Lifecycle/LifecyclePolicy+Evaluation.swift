import Foundation

extension LifecyclePolicy {
    /// Evaluates the policy over `images` at time `now` with ECR's documented semantics, without side effects.
    ///
    /// - Rules run in ascending `rulePriority`, and an image is expired by at most one rule.
    /// - A rule counts every image it selects, but it cannot expire an image that a rule with a lower
    ///   `rulePriority` number already selected (whether or not that rule expired it).
    /// - `imageCountMoreThan N` keeps the newest N selected images by push time and expires the older ones.
    /// - `sinceImagePushed N days` expires selected images pushed strictly more than N × 24 hours before `now`.
    /// - Images with equal push times are ordered by digest: the lexicographically smaller digest counts as the
    ///   newer one, so results never depend on input order.
    /// - An image referenced by a kept manifest list (image index) is never expired, also through nested lists.
    ///
    /// - Parameters:
    ///   - images: the repository's images; each digest should appear once.
    ///   - now: the evaluation time.
    ///   - referencedDigests: for each manifest list digest, the digests of the manifests it references.
    public func evaluate(
        _ images: [LifecycleImage],
        now: Date,
        referencedDigests: [String: [String]] = [:]
    ) -> LifecycleEvaluation {
        let newestFirst = images.indices.sorted { lhs, rhs in
            let left = images[lhs]
            let right = images[rhs]
            if left.pushedAt != right.pushedAt {
                return left.pushedAt > right.pushedAt
            }
            if left.digest != right.digest {
                return left.digest < right.digest
            }
            return lhs < rhs
        }
        var expiringRule = [Int?](repeating: nil, count: images.count)
        var selectedEarlier = [Bool](repeating: false, count: images.count)
        for rule in self.rules.sorted(by: { $0.rulePriority < $1.rulePriority }) {
            Self.apply(
                rule,
                to: images,
                newestFirst: newestFirst,
                now: now,
                expiringRule: &expiringRule,
                selectedEarlier: &selectedEarlier
            )
        }
        let keptFor = Self.protectManifestListChildren(images, referencedDigests, expiringRule: &expiringRule)
        let results = images.indices.map { index in
            LifecycleImageResult(
                image: images[index],
                expiringRulePriority: expiringRule[index],
                keptForManifestList: keptFor[index]
            )
        }
        return LifecycleEvaluation(results: results)
    }

    private static func apply(
        _ rule: LifecycleRule,
        to images: [LifecycleImage],
        newestFirst: [Int],
        now: Date,
        expiringRule: inout [Int?],
        selectedEarlier: inout [Bool]
    ) {
        var rank = 0
        for index in newestFirst where rule.tagSelection.selects(images[index].tags) {
            let isCandidate: Bool
            switch rule.countCondition {
            case .imageCountMoreThan(let count):
                isCandidate = rank >= count
            case .sinceImagePushed(let days):
                isCandidate = images[index].pushedAt < now.addingTimeInterval(-Double(days) * 86_400)
            }
            if isCandidate && !selectedEarlier[index] {
                expiringRule[index] = rule.rulePriority
            }
            selectedEarlier[index] = true
            rank += 1
        }
    }

    /// Un-expires every image reachable from a kept manifest list and returns, per image index, the manifest
    /// list that kept it.
    private static func protectManifestListChildren(
        _ images: [LifecycleImage],
        _ children: [String: [String]],
        expiringRule: inout [Int?]
    ) -> [String?] {
        var keptFor = [String?](repeating: nil, count: images.count)
        guard !children.isEmpty else {
            return keptFor
        }
        var indicesByDigest: [String: [Int]] = [:]
        for (index, image) in images.enumerated() {
            indicesByDigest[image.digest, default: []].append(index)
        }
        var pending = images.indices.filter { expiringRule[$0] == nil }.map { images[$0].digest }
        var visited = Set(pending)
        while let parent = pending.popLast() {
            for child in children[parent] ?? [] where !visited.contains(child) {
                visited.insert(child)
                pending.append(child)
                for index in indicesByDigest[child] ?? [] where expiringRule[index] != nil {
                    expiringRule[index] = nil
                    keptFor[index] = parent
                }
            }
        }
        return keptFor
    }
}

extension LifecycleTagSelection {
    /// True when an image with `tags` is selected. Every list entry must match at least one of the tags, as ECR
    /// documents for lists with several entries.
    func selects(_ tags: [String]) -> Bool {
        switch self {
        case .any:
            return true
        case .untagged:
            return tags.isEmpty
        case .taggedWithPrefixes(let prefixes):
            return !tags.isEmpty
                && prefixes.allSatisfy { prefix in tags.contains { $0.utf8.starts(with: prefix.utf8) } }
        case .taggedWithPatterns(let patterns):
            return !tags.isEmpty && patterns.allSatisfy { pattern in tags.contains { pattern.matches($0) } }
        }
    }
}
