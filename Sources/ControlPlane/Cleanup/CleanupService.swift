import AWSClient
import Foundation
import Observability
import Store

/// Plans cleanup runs, stores them, and applies a stored plan.
///
/// Apply deletes exactly the digests stored with the plan, by digest, in BatchDeleteImage calls of at most
/// 100 images, so images pushed after planning are never deleted. Every deletion and every failure is
/// written to the audit log in the same transaction as its outcome.
public struct CleanupService: Sendable {
    /// BatchDeleteImage takes at most 100 image ids per call (ECR API reference, BatchDeleteImage).
    public static let deleteBatchSize = 100

    public let registry: RegistryContext
    public let auditLog: AuditLog
    /// The time plans are made at; a parameter so tests can age images.
    public let now: @Sendable () -> Date

    public init(registry: RegistryContext, auditLog: AuditLog, now: @escaping @Sendable () -> Date = { Date() }) {
        self.registry = registry
        self.auditLog = auditLog
        self.now = now
    }

    var database: Database { self.auditLog.database }

    /// Plans a run for `policy` in every covered repository and region, stores it and returns it.
    ///
    /// - Throws: `ValidationError` for an invalid policy; `AWSError` when the source registry cannot be read.
    public func plan(_ policy: CleanupPolicy, actor: String) async throws -> CleanupRun {
        try policy.validate()
        let now = self.now()
        var items: [CleanupPlanItem] = []
        var skipped: [String] = []
        for (repository, locations) in try await self.coveredRepositories(prefix: policy.repositoryPrefix) {
            for location in locations {
                do {
                    let images = try await self.images(of: repository, at: location)
                    items += CleanupPlanner.plan(images, policy: policy, now: now).map {
                        CleanupPlanItem(
                            region: location.region,
                            registryId: location.registryId,
                            repository: repository,
                            imageDigest: $0.digest,
                            reason: $0.reason
                        )
                    }
                } catch let error as AWSError {
                    skipped.append("\(location.region)/\(repository): \(error.code)")
                }
            }
        }
        var run = try await self.insert(policy: policy, items: items, actor: actor, createdAt: now)
        run.skipped = skipped
        return run
    }

    /// Returns each source repository whose name starts with `prefix`, with the source and every destination
    /// of the replication rules that match it. A nil registry id means the source account.
    func coveredRepositories(prefix: String) async throws -> [(String, [ReplicationDestination])] {
        let region = try self.registry.sourceRegion()
        let ecr = try await self.registry.ecr(region: region)
        let names = try await ecr.allRepositories().map(\.repositoryName).filter { $0.hasPrefix(prefix) }.sorted()
        let configuration = try await ReplicationConfigurationService(
            registry: self.registry,
            changes: ChangeRecorder(auditLog: self.auditLog)
        ).current()
        let account = try await self.registry.sourceAccount()
        let source = ReplicationDestination(region: region, registryId: account)
        return names.map { name in
            let destinations = configuration.domainConfiguration.destinations(forRepository: name).filter {
                $0 != source
            }
            return (name, [source] + destinations)
        }
    }

    /// Returns the images of `repository` at `location`, with the children of manifest lists and indexes.
    func images(of repository: String, at location: ReplicationDestination) async throws -> [CleanupImage] {
        let ecr = try await self.registry.ecr(region: location.region, account: location.registryId)
        let details = try await ecr.allImageDetails(DescribeImagesRequest(repositoryName: repository))
        let indexDigests = details.filter { Self.isIndex($0.imageManifestMediaType) }.compactMap(\.imageDigest)
        let children = try await self.childDigests(of: indexDigests, repository: repository, ecr: ecr)
        return details.compactMap { detail in
            guard let digest = detail.imageDigest else {
                return nil
            }
            return CleanupImage(
                digest: digest,
                tags: detail.imageTags ?? [],
                pushedAt: detail.imagePushedAt ?? .distantPast,
                childDigests: children[digest] ?? []
            )
        }
    }

    static func isIndex(_ mediaType: String?) -> Bool {
        mediaType == "application/vnd.docker.distribution.manifest.list.v2+json"
            || mediaType == "application/vnd.oci.image.index.v1+json"
    }

    /// Reads the manifests of `digests` with BatchGetImage (at most 100 ids per call) and returns the
    /// digests each lists in `manifests`.
    private func childDigests(of digests: [String], repository: String, ecr: ECR) async throws -> [String: [String]] {
        var children: [String: [String]] = [:]
        for start in stride(from: 0, to: digests.count, by: 100) {
            let ids = digests[start..<min(start + 100, digests.count)].map { ImageIdentifier(imageDigest: $0) }
            let response = try await ecr.batchGetImage(BatchGetImageRequest(repositoryName: repository, imageIds: ids))
            for image in response.images ?? [] {
                guard let digest = image.imageId?.imageDigest, let manifest = image.imageManifest else {
                    continue
                }
                children[digest] = Self.listedDigests(in: manifest)
            }
        }
        return children
    }

    static func listedDigests(in manifest: String) -> [String] {
        let object = try? JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any]
        let entries = object?["manifests"] as? [[String: Any]] ?? []
        return entries.compactMap { $0["digest"] as? String }
    }
}
