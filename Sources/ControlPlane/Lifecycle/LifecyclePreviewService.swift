import AWSClient
import Foundation

/// Evaluates a lifecycle policy locally against a repository's current images, because ECR's own preview is
/// asynchronous (and missing from moto). Changes nothing.
public struct LifecyclePreviewService: Sendable {
    /// Manifest media types of image indexes, whose referenced manifests a kept index protects.
    static let indexMediaTypes: Set<String> = [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    ]
    /// BatchGetImage accepts at most 100 image ids per call.
    static let batchGetImageLimit = 100

    public let registry: RegistryContext
    private let documents: RepositoryDocumentService

    public init(registry: RegistryContext, changes: ChangeRecorder) {
        self.registry = registry
        self.documents = RepositoryDocumentService(kind: .lifecyclePolicy, registry: registry, changes: changes)
    }

    /// Evaluates `body`, or the stored policy when `body` is empty, against the images of `repository` at `now`.
    ///
    /// - Throws: `ValidationError` for an invalid name or policy, or the `AWSError` of ECR (a
    ///   `LifecyclePolicyNotFoundException` when `body` is empty and no policy is stored).
    public func preview(repository: String, body: [UInt8], now: Date) async throws -> LifecyclePreview {
        let name = try RepositoryDocumentService.validName(repository)
        let source: LifecyclePreview.PolicySource = body.isEmpty ? .stored : .request
        let text = body.isEmpty ? Array(try await self.documents.text(of: name).utf8) : body
        let policy = try LifecyclePolicy(validating: text)
        let ecr = try await self.registry.ecr()
        let details = try await ecr.allImageDetails(DescribeImagesRequest(repositoryName: name))
        let images = details.compactMap { detail in
            detail.imageDigest.map {
                LifecycleImage(digest: $0, tags: detail.imageTags ?? [], pushedAt: detail.imagePushedAt ?? .distantPast)
            }
        }
        let references = try await self.referencedDigests(details, repository: name, ecr: ecr)
        let evaluation = policy.evaluate(images, now: now, referencedDigests: references)
        return LifecyclePreview(repositoryName: name, policy: policy, source: source, evaluation: evaluation, now: now)
    }

    /// Returns, for each image index in `details`, the digests of the manifests it lists.
    private func referencedDigests(
        _ details: [ImageDetail],
        repository: String,
        ecr: ECR
    ) async throws -> [String: [String]] {
        let indexDigests = details.filter { Self.indexMediaTypes.contains($0.imageManifestMediaType ?? "") }
            .compactMap(\.imageDigest)
        var references: [String: [String]] = [:]
        var start = 0
        while start < indexDigests.count {
            let batch = indexDigests[start..<min(start + Self.batchGetImageLimit, indexDigests.count)]
            let response = try await ecr.batchGetImage(
                BatchGetImageRequest(
                    repositoryName: repository,
                    imageIds: batch.map { ImageIdentifier(imageDigest: $0) },
                    acceptedMediaTypes: Array(Self.indexMediaTypes)
                )
            )
            for image in response.images ?? [] {
                if let digest = image.imageId?.imageDigest, let manifest = image.imageManifest {
                    references[digest] = Self.manifestDigests(in: manifest)
                }
            }
            start += Self.batchGetImageLimit
        }
        return references
    }

    /// Returns the `manifests[].digest` entries of an image index.
    static func manifestDigests(in manifest: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any],
            let manifests = object["manifests"] as? [[String: Any]]
        else {
            return []
        }
        return manifests.compactMap { $0["digest"] as? String }
    }
}
