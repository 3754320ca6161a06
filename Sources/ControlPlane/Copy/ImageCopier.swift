import AWSClient
import Foundation
import Observability

/// Copies images between ECR registries through the ECR API, keeping each digest.
///
/// A copy reads the manifest with BatchGetImage, and each child of a manifest list or index. It ensures
/// the destination repository exists with the source's settings and uploads every blob the destination
/// lacks with the layer upload API. Then it puts the exact manifest bytes, children first, so every digest
/// is preserved. Blobs are downloaded from the URL GetDownloadUrlForLayer returns, in HTTP range requests of
/// at most one upload part each, so no blob is ever held in memory whole. A cancelled task stops before
/// the next manifest or part with `CancellationError`.
public struct ImageCopier: ImageCopying {
    /// The largest upload part and download range, in bytes, used when InitiateLayerUpload suggests none
    /// or a larger one. A blob transfer keeps a few copies of one part in memory at a time, never the whole
    /// blob: the downloaded bytes, their copy as `Data`, and the base64 JSON body of UploadLayerPart.
    public static let defaultMaximumPartSize = 10 * 1024 * 1024

    /// The deepest nesting of manifest lists followed: an index of indexes of images is depth 2.
    static let maximumIndexDepth = 4

    let registry: RegistryContext
    let logger: Logger
    let blobTransport: any HTTPTransport
    let maximumPartSize: Int

    /// Creates a copier.
    ///
    /// - Parameters:
    ///   - registry: the registries and the AWS client. Other accounts are reached through their roles.
    ///   - logger: receives one debug line per copy, with its counts or its error.
    ///   - blobTransport: downloads blobs from the URLs GetDownloadUrlForLayer returns; the default is
    ///     URLSession with a 10-second idle timeout and a 120-second limit per range request.
    ///   - maximumPartSize: the largest upload part and download range in bytes, at least 1.
    public init(
        registry: RegistryContext,
        logger: Logger,
        blobTransport: (any HTTPTransport)? = nil,
        maximumPartSize: Int = ImageCopier.defaultMaximumPartSize
    ) {
        self.registry = registry
        self.logger = logger
        self.blobTransport = blobTransport ?? URLSessionTransport(connectTimeout: 10, requestTimeout: 120)
        self.maximumPartSize = max(1, maximumPartSize)
    }

    public func copy(
        repository: String,
        digest: String,
        from source: ReplicationDestination,
        to destination: ReplicationDestination
    ) async throws -> ImageCopyReport {
        let clock = ContinuousClock()
        let started = clock.now
        let logger = self.logger
            .with("copy.repository", repository)
            .with("copy.digest", digest)
            .with("copy.source", source.description)
            .with("copy.destination", destination.description)
        do {
            let report = try await self.performCopy(
                repository: repository,
                digest: digest,
                from: source,
                to: destination
            )
            logger.debug(
                "Image copied.",
                metadata: Self.metadata(of: report, seconds: Self.seconds(clock.now - started))
            )
            return report
        } catch {
            logger.debug(
                "Image copy failed.",
                metadata: ["error": "\(error)", "copy.duration_seconds": Self.seconds(clock.now - started)]
            )
            throw error
        }
    }

    private func performCopy(
        repository: String,
        digest: String,
        from source: ReplicationDestination,
        to destination: ReplicationDestination
    ) async throws -> ImageCopyReport {
        var copy = ImageCopyRun(
            repository: repository,
            source: try await self.endpoint(for: source, repository: repository),
            destination: try await self.endpoint(for: destination, repository: repository)
        )
        guard source != destination else {
            throw copy.error(.ensureRepository, at: copy.destination, "the destination is the source registry itself")
        }
        guard ImageManifest.isSHA256Digest(digest) else {
            throw copy.error(
                .readManifest,
                at: copy.source,
                digest: digest,
                "the digest is not of the form sha256:<64 lowercase hex digits>"
            )
        }
        let tags = try await self.sourceTags(of: digest, in: copy)
        let manifest = try await self.readManifests([digest], in: copy)[0]
        copy.report.createdRepository = try await self.ensureRepository(&copy)
        try await self.copyManifest(manifest, tags: tags, depth: 0, in: &copy)
        return copy.report
    }

    /// Returns the ECR API of `endpoint`. A missing role for its account fails the copy with context.
    private func endpoint(for endpoint: ReplicationDestination, repository: String) async throws -> CopyEndpoint {
        do {
            let ecr = try await self.registry.ecr(region: endpoint.region, account: endpoint.registryId)
            return CopyEndpoint(ecr: ecr, region: endpoint.region, registryId: endpoint.registryId)
        } catch let error as RegistryContextError {
            throw ImageCopyError(
                .ensureRepository,
                repository: repository,
                region: endpoint.region,
                registryId: endpoint.registryId,
                message: error.description
            )
        } catch let error as AWSError {
            // STS GetCallerIdentity, when the source account is not configured.
            throw ImageCopyError(
                .ensureRepository,
                repository: repository,
                region: endpoint.region,
                registryId: endpoint.registryId,
                message: "the source account could not be determined",
                awsError: error
            )
        }
    }

    /// Copies the blobs or children of `manifest`, then puts it: once untagged when `tags` is empty,
    /// else once per tag.
    private func copyManifest(
        _ manifest: SourceManifest,
        tags: [String],
        depth: Int,
        in copy: inout ImageCopyRun
    ) async throws {
        try Task.checkCancellation()
        switch manifest.content {
        case .image(let blobs):
            try await self.copyBlobs(blobs, in: &copy)
        case .index(let children):
            guard depth < Self.maximumIndexDepth else {
                throw copy.error(
                    .readManifest,
                    at: copy.source,
                    digest: manifest.digest,
                    "nests manifest lists deeper than \(Self.maximumIndexDepth) levels"
                )
            }
            // A list may name one child twice, so each child is read and put once.
            var childDigests: [String] = []
            for child in children where !childDigests.contains(child.digest) {
                childDigests.append(child.digest)
            }
            let childManifests = try await self.readManifests(childDigests, in: copy)
            for child in childManifests {
                try await self.copyManifest(child, tags: [], depth: depth + 1, in: &copy)
            }
        }
        for tag in tags.isEmpty ? [nil] : tags.map(Optional.some) {
            try await self.putManifest(manifest, tag: tag, in: copy)
        }
        copy.report.manifestsPut += 1
    }

    private static func metadata(of report: ImageCopyReport, seconds: String) -> Logger.Metadata {
        [
            "copy.created_repository": "\(report.createdRepository)",
            "copy.manifests_put": "\(report.manifestsPut)",
            "copy.blobs_copied": "\(report.blobsCopied)",
            "copy.blobs_present": "\(report.blobsPresent)",
            "copy.bytes_copied": "\(report.bytesCopied)",
            "copy.duration_seconds": seconds,
        ]
    }

    private static func seconds(_ duration: Duration) -> String {
        let components = duration.components
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        return String(format: "%.3f", seconds)
    }
}

/// The ECR API of one side of a copy, with the region and registry id its requests name.
struct CopyEndpoint: Sendable {
    let ecr: ECR
    let region: String
    let registryId: String
}

/// The state of one copy: both endpoints, the blobs already handled and the counts reported.
struct ImageCopyRun: Sendable {
    let repository: String
    let source: CopyEndpoint
    let destination: CopyEndpoint
    var report = ImageCopyReport(
        createdRepository: false,
        manifestsPut: 0,
        blobsCopied: 0,
        blobsPresent: 0,
        bytesCopied: 0
    )
    /// Blobs already copied or found present, because children of one list often share layers.
    var handledBlobs: Set<String> = []

    init(repository: String, source: CopyEndpoint, destination: CopyEndpoint) {
        self.repository = repository
        self.source = source
        self.destination = destination
    }

    func error(
        _ step: ImageCopyError.Step,
        at endpoint: CopyEndpoint,
        digest: String? = nil,
        _ message: String,
        awsError: AWSError? = nil
    ) -> ImageCopyError {
        ImageCopyError(
            step,
            repository: self.repository,
            region: endpoint.region,
            registryId: endpoint.registryId,
            digest: digest,
            message: message,
            awsError: awsError
        )
    }

    /// Runs one AWS call, turning an `AWSError` into an `ImageCopyError` of `step` with this copy's context.
    func calling<Result: Sendable>(
        _ step: ImageCopyError.Step,
        at endpoint: CopyEndpoint,
        digest: String? = nil,
        _ body: () async throws -> Result
    ) async throws -> Result {
        do {
            return try await body()
        } catch let error as AWSError {
            throw self.error(
                step,
                at: endpoint,
                digest: digest,
                "\(error.operation ?? "the call") failed",
                awsError: error
            )
        }
    }
}
