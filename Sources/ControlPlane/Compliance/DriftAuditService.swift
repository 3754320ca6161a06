import AWSClient
import Foundation
import Observability
import Store

/// Runs drift and compliance audits over every source repository that a replication rule (or a copy rule,
/// when a `CopyRuleMatching` is supplied) sends images to, stores each audit, and remediates its findings.
public struct DriftAuditService: Sendable {
    public let registry: RegistryContext
    public let changes: ChangeRecorder
    /// Repositories whose names start with this must have immutable tags and scan on push; nil skips the check.
    public let productionPrefix: String?
    /// Copies missing digests on remediation; without one, `imagesMissing` findings have a manual fix.
    public let copier: (any ImageCopying)?
    /// Adds the destinations of copy rules to those of replication rules.
    public let copyRules: (any CopyRuleMatching)?
    /// Digests pushed less than this many seconds ago are not yet reported missing, because ECR usually
    /// replicates within 30 minutes (ECR user guide, private image replication).
    public let replicationGrace: TimeInterval
    public let now: @Sendable () -> Date

    public init(
        registry: RegistryContext,
        changes: ChangeRecorder,
        productionPrefix: String? = nil,
        copier: (any ImageCopying)? = nil,
        copyRules: (any CopyRuleMatching)? = nil,
        replicationGrace: TimeInterval = 1_800,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.registry = registry
        self.changes = changes
        self.productionPrefix = productionPrefix
        self.copier = copier
        self.copyRules = copyRules
        self.replicationGrace = replicationGrace
        self.now = now
    }

    var database: Database { self.changes.auditLog.database }

    /// Audits every covered repository, stores the audit and returns it.
    ///
    /// - Throws: `AWSError` when the source registry cannot be read. Failures in one replica region are
    ///   listed in the audit's `errors` instead.
    public func run(actor: String) async throws -> DriftAudit {
        let region = try self.registry.sourceRegion()
        let source = ReplicationDestination(region: region, registryId: try await self.registry.sourceAccount())
        let ecr = try await self.registry.ecr(region: region)
        let repositories = try await ecr.allRepositories().sorted { $0.repositoryName < $1.repositoryName }
        let configuration = try await ReplicationConfigurationService(registry: self.registry, changes: self.changes)
            .current().domainConfiguration
        let history = try await self.configurationHistory(region: region)

        var findings: [DriftFinding] = []
        var errors: [String] = []
        var checked = 0
        for repository in repositories {
            let name = repository.repositoryName
            let replicated = configuration.destinations(forRepository: name).filter { $0 != source }
            let copied = try await self.copyDestinations(of: name).filter { $0 != source && !replicated.contains($0) }
            guard !replicated.isEmpty || !copied.isEmpty else {
                continue
            }
            let sourcePolicies: (lifecycle: String?, repository: String?)
            do {
                sourcePolicies = try await RepositoryService.policies(of: name, in: ecr)
            } catch let error as AWSError {
                // A repository deleted after the list was read is no longer covered, so it is no error.
                if error.code != "RepositoryNotFoundException" {
                    errors.append("\(region)/\(name): \(error.code): \(error.message)")
                }
                continue
            }
            checked += 1
            let context = DriftCheck.Context(
                name: name,
                source: RepositoryDescription(repository, region: region),
                sourcePolicies: sourcePolicies,
                productionPrefix: self.productionPrefix
            )
            findings += DriftCheck.productionFindings(context)
            for destination in replicated + copied {
                let since =
                    replicated.contains(destination)
                    ? DriftCheck.coverageStart(of: name, at: destination, history: history) : nil
                let checkImages = replicated.contains(destination)
                do {
                    findings += try await self.check(context, at: destination, imagesSince: since, checkImages, ecr)
                } catch let error as AWSError {
                    errors.append("\(destination.region)/\(name): \(error.code): \(error.message)")
                }
            }
        }

        let numbered = findings.enumerated().map { index, finding in finding.numbered("f\(index + 1)") }
        return try await self.insert(findings: numbered, checked: checked, errors: errors, actor: actor)
    }

    /// Checks one replica and, for replication destinations, the digests pushed since the rule existed.
    // NOTE: copy-rule destinations get no digest check, because copy rules may filter by tag and their start
    // time is not in the audit log this service reads.
    private func check(
        _ context: DriftCheck.Context,
        at destination: ReplicationDestination,
        imagesSince since: Date?,
        _ checkImages: Bool,
        _ source: ECR
    ) async throws -> [DriftFinding] {
        let findings = try await self.checkReplica(context, at: destination)
        guard checkImages, !findings.contains(where: { $0.kind == "replicaMissing" }) else {
            return findings
        }
        return findings + (try await self.checkImages(context, at: destination, since: since, ecr: source))
    }

    /// Returns the destinations of copy rules without a tag pattern, which apply to every image.
    private func copyDestinations(of repository: String) async throws -> [ReplicationDestination] {
        try await self.copyRules?.copyDestinations(forRepository: repository, tag: nil) ?? []
    }

    private func checkReplica(_ context: DriftCheck.Context, at destination: ReplicationDestination) async throws
        -> [DriftFinding]
    {
        let ecr = try await self.registry.ecr(region: destination.region, account: destination.registryId)
        let replica: RepositoryDescription
        do {
            replica = try await RepositoryService.describe(context.name, in: ecr)
        } catch let error as AWSError where error.code == "RepositoryNotFoundException" {
            return [DriftCheck.replicaMissing(context, at: destination)]
        }
        let policies = try await RepositoryService.policies(of: context.name, in: ecr)
        return DriftCheck.replicaFindings(context, replica: replica, policies: policies, at: destination)
    }

    private func checkImages(
        _ context: DriftCheck.Context,
        at destination: ReplicationDestination,
        since: Date?,
        ecr source: ECR
    ) async throws -> [DriftFinding] {
        let cutoff = self.now().addingTimeInterval(-self.replicationGrace)
        let pushed = try await source.allImageDetails(DescribeImagesRequest(repositoryName: context.name))
            .filter { detail in
                guard let pushedAt = detail.imagePushedAt else {
                    return false
                }
                return pushedAt < cutoff && (since.map { pushedAt >= $0 } ?? true)
            }
            .compactMap(\.imageDigest)
        guard !pushed.isEmpty else {
            return []
        }
        let replica = try await self.registry.ecr(region: destination.region, account: destination.registryId)
        let present = Set(
            try await replica.allImageIds(ListImagesRequest(repositoryName: context.name)).compactMap(\.imageDigest)
        )
        let missing = pushed.filter { !present.contains($0) }.sorted()
        return missing.isEmpty
            ? [] : [DriftCheck.imagesMissing(context, missing, at: destination, canCopy: self.copier != nil)]
    }
}
