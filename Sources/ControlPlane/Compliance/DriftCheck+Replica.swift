extension DriftCheck {
    /// Compares an existing replica's settings and policies with the source's.
    static func replicaFindings(
        _ context: Context,
        replica: RepositoryDescription,
        policies: (lifecycle: String?, repository: String?),
        at destination: ReplicationDestination
    ) -> [DriftFinding] {
        var findings: [DriftFinding] = []
        if let settings = self.settingsFinding(context, replica: replica, at: destination) {
            findings.append(settings)
        }
        if replica.encryption.type != context.source.encryption.type {
            findings.append(
                self.finding(
                    "encryptionDiffers",
                    .medium,
                    context,
                    region: destination.region,
                    registryId: destination.registryId,
                    detail:
                        "Replica is encrypted with \(replica.encryption.type.rawValue); the source uses \(context.source.encryption.type.rawValue).",
                    fix:
                        "ECR cannot change a repository's encryption: delete the replica and create it again with the source's encryption.",
                    remediation: nil
                )
            )
        }
        findings += self.policyFindings(
            context,
            kind: "lifecyclePolicy",
            label: "lifecycle policy",
            source: context.sourcePolicies.lifecycle,
            replica: policies.lifecycle,
            at: destination
        )
        findings += self.policyFindings(
            context,
            kind: "repositoryPolicy",
            label: "repository policy",
            source: context.sourcePolicies.repository,
            replica: policies.repository,
            at: destination
        )
        return findings
    }

    private static func settingsFinding(
        _ context: Context,
        replica: RepositoryDescription,
        at destination: ReplicationDestination
    ) -> DriftFinding? {
        var differences: [String] = []
        var remediation = DriftRemediation(action: "putSettings")
        if replica.scanOnPush != context.desiredScanOnPush {
            differences.append("scanOnPush is \(replica.scanOnPush), expected \(context.desiredScanOnPush)")
            remediation.scanOnPush = context.desiredScanOnPush
        }
        if replica.tagMutability != context.desiredTagMutability {
            differences.append(
                "tag mutability is \(replica.tagMutability.rawValue), expected \(context.desiredTagMutability.rawValue)"
            )
            remediation.tagMutability = context.desiredTagMutability
        }
        guard !differences.isEmpty else {
            return nil
        }
        return self.finding(
            "settingsDiffer",
            .medium,
            context,
            region: destination.region,
            registryId: destination.registryId,
            detail: "Replica settings differ from the source: \(differences.joined(separator: "; ")).",
            fix: "Apply the source's scanOnPush and tag mutability to the replica.",
            remediation: remediation
        )
    }

    private static func policyFindings(
        _ context: Context,
        kind: String,
        label: String,
        source: String?,
        replica: String?,
        at destination: ReplicationDestination
    ) -> [DriftFinding] {
        if RepositoryService.sameJSON(source, replica) {
            return []
        }
        let put = kind == "lifecyclePolicy" ? "putLifecyclePolicy" : "setRepositoryPolicy"
        let delete = kind == "lifecyclePolicy" ? "deleteLifecyclePolicy" : "deleteRepositoryPolicy"
        let (findingKind, detail, fix, remediation): (String, String, String, DriftRemediation)
        switch (source, replica) {
        case (.some(let text), .none):
            findingKind = "\(kind)Missing"
            detail = "The source has a \(label) and the replica has none; ECR never replicates policies."
            fix = "Copy the source's \(label) to the replica."
            remediation = self.policyRemediation(put, kind: kind, text: text)
        case (.some(let text), .some):
            findingKind = "\(kind)Differs"
            detail = "The replica's \(label) differs from the source's."
            fix = "Replace the replica's \(label) with the source's."
            remediation = self.policyRemediation(put, kind: kind, text: text)
        default:
            findingKind = "\(kind)Differs"
            detail = "The replica has a \(label) and the source has none."
            fix = "Delete the replica's \(label)."
            remediation = DriftRemediation(action: delete)
        }
        let finding = self.finding(
            findingKind,
            .medium,
            context,
            region: destination.region,
            registryId: destination.registryId,
            detail: detail,
            fix: fix,
            remediation: remediation
        )
        return [finding]
    }

    private static func policyRemediation(_ action: String, kind: String, text: String) -> DriftRemediation {
        kind == "lifecyclePolicy"
            ? DriftRemediation(action: action, lifecyclePolicy: text)
            : DriftRemediation(action: action, repositoryPolicy: text)
    }
}

extension DriftFinding {
    /// Returns the finding with id `id`.
    func numbered(_ id: String) -> DriftFinding {
        DriftFinding(
            id: id,
            severity: self.severity,
            region: self.region,
            registryId: self.registryId,
            repository: self.repository,
            kind: self.kind,
            detail: self.detail,
            fix: self.fix,
            remediation: self.remediation,
            remediationOutcome: self.remediationOutcome,
            remediationError: self.remediationError,
            remediatedAt: self.remediatedAt
        )
    }
}
