import ControlPlane
import Foundation

/// Images of every kind a rule can select, pushed from the epoch up to the evaluation time, so that a valid
/// policy's day and count conditions are reached with extreme values.
private let images = [
    LifecycleImage(digest: "sha256:01", tags: ["prod-1", "release"], pushedAt: Date(timeIntervalSince1970: 0)),
    LifecycleImage(digest: "sha256:02", tags: ["beta"], pushedAt: Date(timeIntervalSince1970: 1_000_000_000)),
    LifecycleImage(digest: "sha256:03", tags: [], pushedAt: Date(timeIntervalSince1970: 1_700_000_000)),
    LifecycleImage(digest: "sha256:04", tags: ["latest", "prod-2"], pushedAt: evaluationTime),
]
private let evaluationTime = Date(timeIntervalSince1970: 1_800_000_000)

/// Validates the input as a lifecycle policy document and evaluates every policy the validator accepts.
///
/// An accepted policy must keep the text as sent and respect ECR's rule count. A rejected one must name at
/// least one problem. Evaluation must return one result per image and expire only by a rule of the policy.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLifecyclePolicy(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let document = UnsafeBufferPointer(start: data, count: size)
    let policy: LifecyclePolicy
    do {
        policy = try LifecyclePolicy(validating: document)
    } catch {
        precondition(!error.errors.isEmpty, "A rejected policy has no field errors.")
        return 0
    }
    precondition(policy.text == String(decoding: document, as: UTF8.self), "The policy text changed.")
    precondition((1...LifecyclePolicy.maximumRules).contains(policy.rules.count), "The rule count is out of range.")
    let evaluation = policy.evaluate(images, now: evaluationTime)
    precondition(evaluation.results.count == images.count, "Evaluation lost or added an image.")
    let priorities = Set(policy.rules.map(\.rulePriority))
    for result in evaluation.results {
        if let priority = result.expiringRulePriority {
            precondition(priorities.contains(priority), "An image was expired by a rule not in the policy.")
        }
    }
    return 0
}
