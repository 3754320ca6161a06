/// A registry's policy with the check of whether it lets the source account replicate into the registry.
public struct RegistryPolicyView: Sendable, Codable {
    public let region: String
    public let registryId: String
    /// The stored policy text; nil after a delete.
    public let policyText: String?
    public let replicationPermission: RegistryReplicationPermission
}

/// Whether a destination registry's policy lets the source account replicate into it.
public struct RegistryReplicationPermission: Sendable, Codable {
    public let sourceAccount: String
    /// True when the registry is in another account than the source, so replication needs this policy. ECR
    /// replicates within one account without any registry policy.
    public let required: Bool
    /// True when the policy allows `ecr:CreateRepository` and `ecr:ReplicateImage` for the source account on the
    /// registry's repositories and denies neither.
    public let allowsReplication: Bool
    /// True when every grant of a required action has a `Condition`, which this check does not evaluate.
    public let dependsOnConditions: Bool
    /// The missing or blocking parts of the policy; empty when replication is allowed.
    public let gaps: [ReplicationPermissionReport.Gap]

    init(sourceAccount: String, required: Bool, report: ReplicationPermissionReport) {
        self.sourceAccount = sourceAccount
        self.required = required
        self.allowsReplication = report.allowsReplication
        self.dependsOnConditions = report.dependsOnConditions
        self.gaps = report.gaps
    }

    /// Returns the report for a registry whose policy grants nothing that could be checked, for `reason`.
    static func notGranted(sourceAccount: String, required: Bool, reason: String) -> RegistryReplicationPermission {
        let gaps = IAMPolicyDocument.replicationActions.map { action in
            ReplicationPermissionReport.Gap(
                kind: .principal,
                action: action,
                message: "\(reason). Put a policy that allows \(action) for account \(sourceAccount)"
            )
        }
        return RegistryReplicationPermission(
            sourceAccount: sourceAccount,
            required: required,
            report: ReplicationPermissionReport(gaps: gaps, dependsOnConditions: false)
        )
    }
}
