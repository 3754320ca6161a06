import AWSClient
import Foundation
import Observability

/// One digest to look for in one destination.
public struct VerificationTarget: Sendable, Hashable {
    public var jobId: Int64
    public var repository: String
    public var digest: String
    public var tag: String?
    public var destination: ReplicationDestination

    public init(jobId: Int64, repository: String, digest: String, tag: String?, destination: ReplicationDestination) {
        self.jobId = jobId
        self.repository = repository
        self.digest = digest
        self.tag = tag
        self.destination = destination
    }
}

/// Looks for digests in destination registries with as few AWS calls as possible. The targets of all jobs
/// are grouped per destination registry and repository, and each group is looked up with DescribeImages in
/// batches of at most 100 image ids (the API's limit). moto 5.2.5 fails a whole batch with
/// `ImageNotFoundException` when one id is missing, so such a group is looked up in a listing of the
/// repository instead.
public struct DestinationVerifier: Sendable {
    /// The maximum number of image ids DescribeImages accepts in one call.
    public static let batchSize = 100
    /// The largest page of a DescribeImages listing; without `maxResults` ECR returns pages of 100.
    public static let listingPageSize = 1_000

    let registry: RegistryContext
    let metrics: MetricsRegistry
    let maxConcurrentCalls: Int
    let logger: Logger

    public init(
        registry: RegistryContext,
        metrics: MetricsRegistry,
        maxConcurrentCalls: Int,
        logger: Logger = .disabled
    ) {
        self.registry = registry
        self.metrics = metrics
        self.maxConcurrentCalls = max(1, maxConcurrentCalls)
        self.logger = logger
    }

    private struct GroupKey: Hashable {
        let destination: ReplicationDestination
        let repository: String
    }

    /// Checks every target and returns one check per target.
    public func check(_ targets: [VerificationTarget], now: Date) async -> [VerificationTarget: DestinationCheck] {
        let groups = Dictionary(grouping: targets) { GroupKey(destination: $0.destination, repository: $0.repository) }
        var results: [VerificationTarget: DestinationCheck] = [:]
        await withTaskGroup(of: [VerificationTarget: DestinationCheck].self) { taskGroup in
            var pending = Array(groups)[...]
            var running = 0
            while let (key, members) = pending.popFirst() {
                if running == self.maxConcurrentCalls, let finished = await taskGroup.next() {
                    results.merge(finished) { first, _ in first }
                    running -= 1
                }
                taskGroup.addTask { await self.checkGroup(key.destination, key.repository, members, now: now) }
                running += 1
            }
            for await finished in taskGroup {
                results.merge(finished) { first, _ in first }
            }
        }
        return results
    }

    private func checkGroup(
        _ destination: ReplicationDestination,
        _ repository: String,
        _ targets: [VerificationTarget],
        now: Date
    ) async -> [VerificationTarget: DestinationCheck] {
        do {
            let ecr = try await self.registry.ecr(region: destination.region, account: destination.registryId)
            var images = RepositoryImages()
            let digests = Array(Set(targets.map(\.digest))).sorted()
            var needsListing = false
            for start in stride(from: 0, to: digests.count, by: Self.batchSize) where !needsListing {
                let batch = Array(digests[start..<min(start + Self.batchSize, digests.count)])
                // NOTE: that ECR also fails the whole batch for one missing id is assumed from moto. If ECR
                // reported each id on its own instead, the listing would only cost extra calls.
                if let details = try await self.describe(ecr, repository, destination, digests: batch) {
                    images.add(details)
                } else {
                    needsListing = true
                }
            }
            // A tag that is not on the job's digest may point elsewhere; only a listing shows where.
            needsListing =
                needsListing
                || targets.contains { target in
                    target.tag.map { !images.tags(of: target.digest).contains($0) } ?? false
                }
            if needsListing {
                images = RepositoryImages()
                images.add(try await self.list(ecr, repository, destination))
            }
            return Dictionary(uniqueKeysWithValues: targets.map { ($0, images.check(of: $0, now: now)) })
        } catch let error as AWSError where error.code == "RepositoryNotFoundException" {
            // Replication creates the destination repository with the first image, so this is "not yet".
            return self.uniformChecks(targets, status: .pending, error: nil)
        } catch let error as RegistryContextError {
            self.logFailure(error, destination, repository)
            return self.uniformChecks(targets, status: .failed, error: error.description)
        } catch {
            // Stored as the destination's last error and tried again at the next check.
            self.logFailure(error, destination, repository)
            return self.uniformChecks(targets, status: .pending, error: String(describing: error))
        }
    }

    /// Returns the details of `digests`, or nil when DescribeImages reports one of them missing.
    private func describe(
        _ ecr: ECR,
        _ repository: String,
        _ destination: ReplicationDestination,
        digests: [String]
    ) async throws -> [ImageDetail]? {
        self.countCall("DescribeImages")
        do {
            let response = try await ecr.describeImages(
                DescribeImagesRequest(
                    repositoryName: repository,
                    registryId: destination.registryId,
                    imageIds: digests.map { ImageIdentifier(imageDigest: $0) }
                )
            )
            return response.imageDetails ?? []
        } catch let error as AWSError where error.code == "ImageNotFoundException" {
            return nil
        }
    }

    private func list(_ ecr: ECR, _ repository: String, _ destination: ReplicationDestination) async throws
        -> [ImageDetail]
    {
        var details: [ImageDetail] = []
        let pages = ecr.describeImagesPages(
            DescribeImagesRequest(
                repositoryName: repository,
                registryId: destination.registryId,
                maxResults: Self.listingPageSize
            )
        )
        for try await page in pages {
            self.countCall("DescribeImages")
            details += page.imageDetails ?? []
        }
        return details
    }

    private func logFailure(_ error: any Error, _ destination: ReplicationDestination, _ repository: String) {
        self.logger.debug(
            "Looking up images in a destination failed.",
            metadata: [
                "job.destination": destination.description, "ecr.repository": repository,
                "error": String(describing: error),
            ]
        )
    }

    private func countCall(_ operation: String) {
        self.metrics.increment(
            "ecp_job_aws_calls_total",
            help: "AWS calls made by the replication job runner.",
            labels: ["operation": operation]
        )
    }

    private func uniformChecks(_ targets: [VerificationTarget], status: VerificationResult.Status, error: String?)
        -> [VerificationTarget: DestinationCheck]
    {
        Dictionary(
            uniqueKeysWithValues: targets.map {
                (
                    $0,
                    DestinationCheck(
                        destination: $0.destination,
                        method: "describe-images",
                        status: status,
                        error: error
                    )
                )
            }
        )
    }
}

/// The images of one destination repository, by digest and by tag.
struct RepositoryImages {
    private var byDigest: [String: ImageDetail] = [:]
    private var digestByTag: [String: String] = [:]

    mutating func add(_ details: [ImageDetail]) {
        for detail in details {
            guard let digest = detail.imageDigest else {
                continue
            }
            self.byDigest[digest] = detail
            for tag in detail.imageTags ?? [] {
                self.digestByTag[tag] = digest
            }
        }
    }

    func tags(of digest: String) -> [String] {
        self.byDigest[digest]?.imageTags ?? []
    }

    /// Returns the check of `target`: verified when its digest is present, with the state of its tag.
    func check(of target: VerificationTarget, now: Date) -> DestinationCheck {
        var check = DestinationCheck(destination: target.destination, method: "describe-images", status: .pending)
        if let detail = self.byDigest[target.digest] {
            check.status = .verified
            check.observedDigest = target.digest
            check.seenAt = detail.imagePushedAt.map { min($0, now) } ?? now
        }
        if let tag = target.tag {
            let tagged = self.digestByTag[tag]
            check.tagState = tagged == nil ? .absent : (tagged == target.digest ? .matches : .drift)
            check.tagDigest = tagged == target.digest ? nil : tagged
        }
        return check
    }
}
