import AWSClient
import Foundation
import Observability

extension DriftAuditService {
    /// Applies the fixes of audit `id`: the findings in `findingIds`, or all when nil. Findings with a
    /// manual fix or an earlier successful remediation are skipped. Each change is recorded in the audit log,
    /// also when AWS rejects it, and one failure does not stop the others.
    ///
    /// - Throws: `DriftAuditError` when the audit does not exist or a finding id is not in it.
    public func remediate(id: Int64, findingIds: [String]?, origin: ChangeRecorder.Origin) async throws -> DriftAudit {
        let audit = try await self.audit(id: id)
        let known = Set(audit.findings.map(\.id))
        let unknown = (findingIds ?? []).filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw DriftAuditError(
                .unknownFindings,
                "Drift audit \(id) has no findings with ids \(unknown.joined(separator: ", "))."
            )
        }
        let selected = Set(findingIds ?? audit.findings.map(\.id))
        for finding in audit.findings where selected.contains(finding.id) && finding.remediationOutcome != "remediated"
        {
            guard let remediation = finding.remediation else {
                continue
            }
            var updated = finding
            do {
                try await self.apply(remediation, for: finding, auditId: id, origin: origin)
                updated.remediationOutcome = "remediated"
                updated.remediationError = nil
            } catch {
                let failure = ChangeRecorder.failure(for: error)
                updated.remediationOutcome = "failed"
                updated.remediationError = "\(failure.code): \(failure.message)"
            }
            updated.remediatedAt = RFC3339.string(from: self.now())
            try await self.storeOutcome(of: updated, auditId: id)
        }
        return try await self.audit(id: id)
    }

    private func apply(
        _ remediation: DriftRemediation,
        for finding: DriftFinding,
        auditId: Int64,
        origin: ChangeRecorder.Origin
    ) async throws {
        let ecr = try await self.registry.ecr(region: finding.region, account: finding.registryId)
        let target = self.auditTarget(remediation, repository: finding.repository)
        let state = ChangeRecorder.json(
            RemediationRecord(
                auditId: auditId,
                finding: finding.id,
                kind: finding.kind,
                region: finding.region,
                remediation: remediation
            )
        )
        _ = try await self.changes.record(
            "drift.remediate",
            target: target,
            origin: origin,
            before: nil,
            change: { try await self.perform(remediation, repository: finding.repository, finding: finding, ecr: ecr) },
            after: { _ in state }
        )
    }

    /// Returns the audit target of a change, named like the repository routes name it: the repository, or
    /// its `/lifecycle-policy` or `/policy`.
    private func auditTarget(_ remediation: DriftRemediation, repository: String) -> String {
        let base = RepositoryService.auditTarget(repository)
        switch remediation.action {
        case "putLifecyclePolicy", "deleteLifecyclePolicy": return base + "/lifecycle-policy"
        case "setRepositoryPolicy", "deleteRepositoryPolicy": return base + "/policy"
        default: return base
        }
    }

    private func perform(_ remediation: DriftRemediation, repository: String, finding: DriftFinding, ecr: ECR)
        async throws
    {
        switch remediation.action {
        case "createRepository":
            try await self.createReplica(remediation, repository: repository, ecr: ecr)
        case "putSettings":
            try await Self.putSettings(remediation, repository: repository, ecr: ecr)
        case "putLifecyclePolicy":
            _ = try await ecr.putLifecyclePolicy(
                PutLifecyclePolicyRequest(
                    repositoryName: repository,
                    lifecyclePolicyText: remediation.lifecyclePolicy ?? ""
                )
            )
        case "deleteLifecyclePolicy":
            _ = try await ecr.deleteLifecyclePolicy(LifecyclePolicyRequest(repositoryName: repository))
        case "setRepositoryPolicy":
            _ = try await ecr.setRepositoryPolicy(
                SetRepositoryPolicyRequest(repositoryName: repository, policyText: remediation.repositoryPolicy ?? "")
            )
        case "deleteRepositoryPolicy":
            _ = try await ecr.deleteRepositoryPolicy(RepositoryPolicyRequest(repositoryName: repository))
        case "copyImages":
            try await self.copyImages(remediation.digests ?? [], repository: repository, to: finding)
        default:
            throw DriftAuditError(
                .unknownFindings,
                "Finding \(finding.id) has an unknown remediation '\(remediation.action)'."
            )
        }
    }

    private func createReplica(_ remediation: DriftRemediation, repository: String, ecr: ECR) async throws {
        let encryption = remediation.encryption ?? RepositoryEncryption()
        _ = try await ecr.createRepository(
            ECRCreateRepositoryRequest(
                repositoryName: repository,
                imageTagMutability: ImageTagMutability(rawValue: (remediation.tagMutability ?? .mutable).rawValue),
                imageScanningConfiguration: ImageScanningConfiguration(scanOnPush: remediation.scanOnPush ?? false),
                encryptionConfiguration: EncryptionConfiguration(encryptionType: encryption.type.rawValue)
            )
        )
        if let text = remediation.lifecyclePolicy {
            _ = try await ecr.putLifecyclePolicy(
                PutLifecyclePolicyRequest(repositoryName: repository, lifecyclePolicyText: text)
            )
        }
        if let text = remediation.repositoryPolicy {
            _ = try await ecr.setRepositoryPolicy(
                SetRepositoryPolicyRequest(repositoryName: repository, policyText: text)
            )
        }
    }

    private static func putSettings(_ remediation: DriftRemediation, repository: String, ecr: ECR) async throws {
        if let scanOnPush = remediation.scanOnPush {
            _ = try await ecr.putImageScanningConfiguration(
                PutImageScanningConfigurationRequest(
                    repositoryName: repository,
                    imageScanningConfiguration: ImageScanningConfiguration(scanOnPush: scanOnPush)
                )
            )
        }
        if let mutability = remediation.tagMutability, let wire = ImageTagMutability(rawValue: mutability.rawValue) {
            _ = try await ecr.putImageTagMutability(
                PutImageTagMutabilityRequest(repositoryName: repository, imageTagMutability: wire)
            )
        }
    }

    private func copyImages(_ digests: [String], repository: String, to finding: DriftFinding) async throws {
        guard let copier = self.copier else {
            throw DriftAuditError(
                .unknownFindings,
                "No image copier is configured, so finding \(finding.id) needs a manual fix."
            )
        }
        let source = ReplicationDestination(
            region: try self.registry.sourceRegion(),
            registryId: try await self.registry.sourceAccount()
        )
        let destination = ReplicationDestination(
            region: finding.region,
            registryId: finding.registryId ?? source.registryId
        )
        for digest in digests {
            _ = try await copier.copy(repository: repository, digest: digest, from: source, to: destination)
        }
    }
}

/// The state a remediation audit row stores after the change.
private struct RemediationRecord: Encodable {
    let auditId: Int64
    let finding: String
    let kind: String
    let region: String
    let remediation: DriftRemediation
}
