import Foundation

/// The pure checks of a drift audit: they compare descriptions and policy texts already read from ECR and
/// return findings with an empty id, which the service numbers.
enum DriftCheck {
    struct Context {
        let name: String
        let source: RepositoryDescription
        let sourcePolicies: (lifecycle: String?, repository: String?)
        let productionPrefix: String?

        var isProduction: Bool {
            guard let prefix = self.productionPrefix, !prefix.isEmpty else {
                return false
            }
            return self.name.hasPrefix(prefix)
        }

        /// The settings every replica should have: the source's, with the production rules applied, so that
        /// remediating both kinds of finding in one pass converges.
        var desiredScanOnPush: Bool { self.isProduction || self.source.scanOnPush }
        var desiredTagMutability: TagMutability { self.isProduction ? .immutable : self.source.tagMutability }
    }

    static func finding(
        _ kind: String,
        _ severity: DriftFinding.Severity,
        _ context: Context,
        region: String,
        registryId: String?,
        detail: String,
        fix: String,
        remediation: DriftRemediation?
    ) -> DriftFinding {
        DriftFinding(
            id: "",
            severity: severity,
            region: region,
            registryId: registryId,
            repository: context.name,
            kind: kind,
            detail: detail,
            fix: fix,
            remediation: remediation
        )
    }

    /// Production-like source repositories must have immutable tags and scan on push.
    static func productionFindings(_ context: Context) -> [DriftFinding] {
        guard context.isProduction else {
            return []
        }
        let source = context.source
        var findings: [DriftFinding] = []
        if source.tagMutability != .immutable {
            findings.append(
                self.finding(
                    "productionTagsMutable",
                    .high,
                    context,
                    region: source.region,
                    registryId: source.registryId,
                    detail: "Production repository has MUTABLE tags, so a pushed tag can be overwritten.",
                    fix: "Set image tag mutability to IMMUTABLE.",
                    remediation: DriftRemediation(action: "putSettings", tagMutability: .immutable)
                )
            )
        }
        if !source.scanOnPush {
            findings.append(
                self.finding(
                    "productionScanOnPushOff",
                    .medium,
                    context,
                    region: source.region,
                    registryId: source.registryId,
                    detail: "Production repository does not scan images on push.",
                    fix: "Turn scanOnPush on.",
                    remediation: DriftRemediation(action: "putSettings", scanOnPush: true)
                )
            )
        }
        return findings
    }

    static func replicaMissing(_ context: Context, at destination: ReplicationDestination) -> DriftFinding {
        let source = context.source
        return self.finding(
            "replicaMissing",
            .high,
            context,
            region: destination.region,
            registryId: destination.registryId,
            detail:
                "The replica repository does not exist; ECR would create it with default settings on the next push.",
            fix: "Create the replica with the source's settings and policies.",
            remediation: DriftRemediation(
                action: "createRepository",
                scanOnPush: context.desiredScanOnPush,
                tagMutability: context.desiredTagMutability,
                encryption: RepositoryEncryption(type: source.encryption.type),
                lifecyclePolicy: context.sourcePolicies.lifecycle,
                repositoryPolicy: context.sourcePolicies.repository
            )
        )
    }

    static func imagesMissing(
        _ context: Context,
        _ digests: [String],
        at destination: ReplicationDestination,
        canCopy: Bool
    ) -> DriftFinding {
        let shown = digests.prefix(5).joined(separator: ", ")
        let more = digests.count > 5 ? " and \(digests.count - 5) more" : ""
        return self.finding(
            "imagesMissing",
            .high,
            context,
            region: destination.region,
            registryId: destination.registryId,
            detail: "\(digests.count) digests pushed after the replication rule existed are missing: \(shown)\(more).",
            fix: canCopy
                ? "Copy the missing digests from the source."
                : "Push the missing digests to the source again, or copy them with a replication job.",
            remediation: canCopy ? DriftRemediation(action: "copyImages", digests: digests) : nil
        )
    }

    /// Returns the start of the latest stretch of recorded configurations that replicate `name` to
    /// `destination`, or nil when the history does not show one that lasts until now, so every image counts.
    static func coverageStart(
        of name: String,
        at destination: ReplicationDestination,
        history: [(time: Date, configuration: ReplicationConfiguration)]
    ) -> Date? {
        var start: Date?
        for entry in history {
            if entry.configuration.destinations(forRepository: name).contains(destination) {
                start = start ?? entry.time
            } else {
                start = nil
            }
        }
        return start
    }
}
