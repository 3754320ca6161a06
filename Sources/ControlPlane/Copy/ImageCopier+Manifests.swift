import AWSClient
import Crypto

/// A manifest read from the source: its exact text, its media type and what it references.
struct SourceManifest: Sendable {
    let digest: String
    let text: String
    let mediaType: String?
    let content: ImageManifest
}

extension ImageCopier {
    /// BatchGetImage takes at most 100 image ids per call.
    static let maximumImageIdsPerCall = 100

    /// Returns the tags of `digest` in the source repository, sorted, so the copy carries them too.
    func sourceTags(of digest: String, in copy: ImageCopyRun) async throws -> [String] {
        let source = copy.source
        let response = try await copy.calling(.readManifest, at: source, digest: digest) {
            try await source.ecr.describeImages(
                DescribeImagesRequest(
                    repositoryName: copy.repository,
                    registryId: source.registryId,
                    imageIds: [ImageIdentifier(imageDigest: digest)]
                )
            )
        }
        return (response.imageDetails?.first?.imageTags ?? []).sorted()
    }

    /// Reads the manifests `digests` from the source in the order given, checking that each one's text
    /// hashes to its digest.
    func readManifests(_ digests: [String], in copy: ImageCopyRun) async throws -> [SourceManifest] {
        var manifests: [SourceManifest] = []
        var start = 0
        while start < digests.count {
            let batch = Array(digests[start..<min(start + Self.maximumImageIdsPerCall, digests.count)])
            let images = try await self.batchGetImages(batch, in: copy)
            for digest in batch {
                manifests.append(try Self.sourceManifest(digest, from: images, in: copy))
            }
            start += batch.count
        }
        return manifests
    }

    private func batchGetImages(_ digests: [String], in copy: ImageCopyRun) async throws -> BatchGetImageResponse {
        let source = copy.source
        return try await copy.calling(.readManifest, at: source, digest: digests.count == 1 ? digests[0] : nil) {
            try await source.ecr.batchGetImage(
                BatchGetImageRequest(
                    repositoryName: copy.repository,
                    imageIds: digests.map { ImageIdentifier(imageDigest: $0) },
                    registryId: source.registryId,
                    acceptedMediaTypes: ImageManifest.acceptedMediaTypes
                )
            )
        }
    }

    private static func sourceManifest(
        _ digest: String,
        from response: BatchGetImageResponse,
        in copy: ImageCopyRun
    ) throws -> SourceManifest {
        let image = response.images?.first { $0.imageId?.imageDigest == digest && $0.imageManifest != nil }
        guard let image, let text = image.imageManifest else {
            let failure = response.failures?.first { $0.imageId?.imageDigest == digest }
            let reason = failure.map { "\($0.failureCode ?? "failure"): \($0.failureReason ?? "")" } ?? "not returned"
            throw copy.error(
                .readManifest,
                at: copy.source,
                digest: digest,
                "BatchGetImage did not return it (\(reason))"
            )
        }
        // The digest of a manifest is the SHA-256 of its exact bytes. A different hash means the text
        // changed on the way, so PutImage would store another image.
        let actual = PutImageRequest.digest(of: text)
        guard actual == digest else {
            throw copy.error(.readManifest, at: copy.source, digest: digest, "its text hashes to \(actual)")
        }
        do {
            let content = try ImageManifest(parsing: text)
            let mediaType = image.imageManifestMediaType ?? ImageManifest.mediaType(of: text)
            return SourceManifest(digest: digest, text: text, mediaType: mediaType, content: content)
        } catch {
            throw copy.error(.readManifest, at: copy.source, digest: digest, error.description)
        }
    }

    /// Puts the manifest into the destination with `tag`, and checks the digest PutImage returns.
    ///
    /// An `ImageAlreadyExistsException` or `ImageTagAlreadyExistsException` is accepted when the
    /// destination already has the digest with that tag, which is what a repeated copy finds.
    func putManifest(_ manifest: SourceManifest, tag: String?, in copy: ImageCopyRun) async throws {
        let destination = copy.destination
        let request = PutImageRequest(
            repositoryName: copy.repository,
            imageManifest: manifest.text,
            imageManifestMediaType: manifest.mediaType,
            imageTag: tag,
            registryId: destination.registryId
        )
        let response: PutImageResponse
        do {
            response = try await destination.ecr.putImage(request)
        } catch let error as AWSError where error.isTagConflict {
            try await self.requireExisting(manifest.digest, tag: tag, after: error, in: copy)
            return
        } catch let error as AWSError {
            throw copy.error(.putManifest, at: destination, digest: manifest.digest, "PutImage failed", awsError: error)
        }
        let stored = response.image?.imageId?.imageDigest
        guard stored == manifest.digest else {
            throw copy.error(
                .putManifest,
                at: destination,
                digest: manifest.digest,
                "PutImage stored digest \(stored ?? "(none)") instead"
            )
        }
    }

    /// Checks that the destination has `digest` with `tag` (or at all, for nil) after PutImage reported that
    /// the image or tag exists, and throws a tag conflict otherwise.
    private func requireExisting(_ digest: String, tag: String?, after error: AWSError, in copy: ImageCopyRun)
        async throws
    {
        let destination = copy.destination
        let request = DescribeImagesRequest(
            repositoryName: copy.repository,
            registryId: destination.registryId,
            imageIds: [ImageIdentifier(imageDigest: digest)]
        )
        var details: [ImageDetail] = []
        do {
            details = try await destination.ecr.describeImages(request).imageDetails ?? []
        } catch let describeError as AWSError where describeError.isNotFound {
            // ECR returns ImageNotFoundException for an absent digest, so the tag names another image.
        } catch let describeError as AWSError {
            throw copy.error(
                .putManifest,
                at: destination,
                digest: digest,
                "DescribeImages failed",
                awsError: describeError
            )
        }
        let detail = details.first { $0.imageDigest == digest }
        if let detail, tag.map({ (detail.imageTags ?? []).contains($0) }) ?? true {
            return
        }
        throw copy.error(
            .tagConflict,
            at: destination,
            digest: digest,
            "tag '\(tag ?? "")' already names another image and the repository is immutable",
            awsError: error
        )
    }
}
