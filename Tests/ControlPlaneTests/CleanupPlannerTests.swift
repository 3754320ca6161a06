import Foundation
import Testing

@testable import ControlPlane

/// The cleanup planner with an injected clock, because moto cannot age images.
@Suite struct CleanupPlannerTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func image(_ digest: String, tags: [String] = [], daysOld: Double, children: [String] = []) -> CleanupImage {
        CleanupImage(
            digest: digest,
            tags: tags,
            pushedAt: Self.now.addingTimeInterval(-daysOld * 86_400),
            childDigests: children
        )
    }

    static func plan(_ images: [CleanupImage], _ policy: CleanupPolicy) -> [String] {
        CleanupPlanner.plan(images, policy: policy, now: Self.now).map(\.digest)
    }

    @Test func untaggedOlderThanCutoffArePlannedOldestFirst() {
        let images = [
            Self.image("new", daysOld: 29),
            Self.image("old", daysOld: 31),
            Self.image("older", daysOld: 90),
            Self.image("tagged", tags: ["v1"], daysOld: 90),
        ]
        let policy = CleanupPolicy(repositoryPrefix: "team/", untaggedOlderThanDays: 30)
        #expect(Self.plan(images, policy) == ["older", "old"])
    }

    @Test func childOfKeptIndexIsNeverPlanned() {
        let images = [
            Self.image("index", tags: ["multi"], daysOld: 60, children: ["child", "nested"]),
            Self.image("nested", daysOld: 60, children: ["grandchild"]),
            Self.image("child", daysOld: 60),
            Self.image("grandchild", daysOld: 60),
            Self.image("orphan", daysOld: 60),
        ]
        let policy = CleanupPolicy(repositoryPrefix: "team/", untaggedOlderThanDays: 30)
        #expect(Self.plan(images, policy) == ["orphan"])
    }

    @Test func childrenOfPlannedIndexArePlannedToo() {
        let images = [
            Self.image("index", daysOld: 60, children: ["child"]),
            Self.image("child", daysOld: 60),
        ]
        let policy = CleanupPolicy(repositoryPrefix: "team/", untaggedOlderThanDays: 30)
        #expect(Set(Self.plan(images, policy)) == ["index", "child"])
    }

    @Test func taggedRuleKeepsLatestAndNeedsEveryTagToMatch() {
        let images = [
            Self.image("dev-1", tags: ["dev-1"], daysOld: 40),
            Self.image("dev-2", tags: ["dev-2"], daysOld: 35),
            Self.image("dev-3", tags: ["dev-3"], daysOld: 20),
            Self.image("mixed", tags: ["dev-0", "release-1"], daysOld: 50),
            Self.image("dev-4", tags: ["dev-4"], daysOld: 10),
        ]
        let rule = TaggedCleanupRule(tagPrefixes: ["dev-"], olderThanDays: 30, keepLatest: 2)
        let policy = CleanupPolicy(repositoryPrefix: "team/", untaggedOlderThanDays: 30, taggedRules: [rule])
        #expect(Self.plan(images, policy) == ["dev-1", "dev-2"])
        let reason = CleanupPlanner.plan(images, policy: policy, now: Self.now).first?.reason ?? ""
        #expect(reason.contains("taggedRules[0]"))
    }

    @Test func invalidPolicyNamesEachField() {
        let policy = CleanupPolicy(
            repositoryPrefix: "",
            untaggedOlderThanDays: -1,
            taggedRules: [TaggedCleanupRule(tagPrefixes: [], olderThanDays: 1, keepLatest: -1)]
        )
        #expect(throws: ValidationError.self) { try policy.validate() }
        do {
            try policy.validate()
        } catch {
            #expect(
                error.errors.map(\.field) == [
                    "repositoryPrefix", "untaggedOlderThanDays", "taggedRules[0].tagPrefixes",
                    "taggedRules[0].keepLatest",
                ]
            )
        }
    }

    @Test func changedSincePlanBlocksTaggedAndListed() {
        let reason = CleanupPlanner.untaggedReasonPrefix + ", pushed then"
        let planned = ["tagged", "listed", "nested", "free", "plannedIndex", "child"].map {
            CleanupPlanItem(
                region: "eu-north-1",
                registryId: nil,
                repository: "team/app",
                imageDigest: $0,
                reason: reason
            )
        }
        let current = [
            Self.image("tagged", tags: ["v2"], daysOld: 40),
            Self.image("listed", daysOld: 40),
            Self.image("nested", daysOld: 40),
            Self.image("free", daysOld: 40),
            Self.image("newIndex", tags: ["multi"], daysOld: 0, children: ["listed", "inner"]),
            Self.image("inner", daysOld: 0, children: ["nested"]),
            Self.image("plannedIndex", daysOld: 40, children: ["child"]),
            Self.image("child", daysOld: 40),
        ]
        let blocked = CleanupPlanner.changedSincePlan(current, planned: planned)
        #expect(blocked["tagged"]?.code == "TaggedSincePlan")
        #expect(blocked["listed"]?.code == "ReferencedSincePlan")
        #expect(blocked["nested"]?.code == "ReferencedSincePlan")
        #expect(blocked["free"] == nil)
        #expect(blocked["plannedIndex"] == nil)
        #expect(blocked["child"] == nil)
    }

    @Test func listedDigestsReadIndexManifests() {
        let manifest = #"{"schemaVersion":2,"manifests":[{"digest":"sha256:a"},{"digest":"sha256:b"}]}"#
        #expect(CleanupService.listedDigests(in: manifest) == ["sha256:a", "sha256:b"])
        #expect(CleanupService.listedDigests(in: "not json").isEmpty)
    }
}
