import AWSClient
import Crypto
import Foundation

extension ImageCopier {
    /// BatchCheckLayerAvailability takes at most 100 digests per call.
    static let maximumLayerDigestsPerCall = 100

    /// Uploads every blob of `blobs` that the destination lacks, skipping blobs this copy already handled.
    func copyBlobs(_ blobs: [ImageManifest.Descriptor], in copy: inout ImageCopyRun) async throws {
        var pending: [ImageManifest.Descriptor] = []
        for blob in blobs where !copy.handledBlobs.contains(blob.digest) {
            copy.handledBlobs.insert(blob.digest)
            pending.append(blob)
        }
        let available = try await self.availableBlobs(pending.map(\.digest), in: copy)
        for blob in pending {
            if available.contains(blob.digest) {
                copy.report.blobsPresent += 1
            } else {
                try await self.transferBlob(blob, in: copy)
                copy.report.blobsCopied += 1
                copy.report.bytesCopied += blob.size
            }
        }
    }

    /// Returns the digests among `digests` that the destination repository already has.
    private func availableBlobs(_ digests: [String], in copy: ImageCopyRun) async throws -> Set<String> {
        let destination = copy.destination
        var available: Set<String> = []
        var start = 0
        while start < digests.count {
            let batch = Array(digests[start..<min(start + Self.maximumLayerDigestsPerCall, digests.count)])
            let response = try await copy.calling(.checkBlobs, at: destination) {
                try await destination.ecr.batchCheckLayerAvailability(
                    BatchCheckLayerAvailabilityRequest(
                        repositoryName: copy.repository,
                        layerDigests: batch,
                        registryId: destination.registryId
                    )
                )
            }
            for layer in response.layers ?? [] where layer.layerAvailability == "AVAILABLE" {
                if let digest = layer.layerDigest {
                    available.insert(digest)
                }
            }
            start += batch.count
        }
        return available
    }

    /// Streams one blob from the source's download URL into a layer upload in the destination, one part at a
    /// time, and completes the upload only when the bytes hash to the blob's digest.
    private func transferBlob(_ blob: ImageManifest.Descriptor, in copy: ImageCopyRun) async throws {
        let url = try await self.downloadURL(of: blob.digest, in: copy)
        let destination = copy.destination
        let upload = try await copy.calling(.uploadBlob, at: destination, digest: blob.digest) {
            try await destination.ecr.initiateLayerUpload(
                InitiateLayerUploadRequest(repositoryName: copy.repository, registryId: destination.registryId)
            )
        }
        guard let uploadId = upload.uploadId else {
            throw copy.error(
                .uploadBlob,
                at: destination,
                digest: blob.digest,
                "InitiateLayerUpload returned no upload id"
            )
        }
        let partSize = min(upload.partSize.flatMap { $0 > 0 ? $0 : nil } ?? self.maximumPartSize, self.maximumPartSize)
        var hasher = SHA256Hasher()
        var offset: Int64 = 0
        while offset < blob.size {
            // A cancelled task stops between parts and leaves the upload incomplete.
            try Task.checkCancellation()
            let last = min(offset + Int64(partSize), blob.size) - 1
            let bytes = try await self.downloadRange(offset...last, from: url, blob: blob, in: copy)
            hasher.update(bytes)
            try await self.uploadPart(bytes, first: offset, last: last, uploadId: uploadId, blob: blob, in: copy)
            offset = last + 1
        }
        let actual = "sha256:" + Hex.encode(hasher.finalize())
        guard actual == blob.digest else {
            // The upload is never completed, so the destination stores no layer with these bytes.
            throw copy.error(
                .blobDigestMismatch,
                at: copy.source,
                digest: blob.digest,
                "the downloaded \(blob.size) bytes hash to \(actual)"
            )
        }
        try await self.completeUpload(uploadId, blob: blob, in: copy)
    }

    private func downloadURL(of digest: String, in copy: ImageCopyRun) async throws -> URL {
        let source = copy.source
        let response = try await copy.calling(.downloadBlob, at: source, digest: digest) {
            try await source.ecr.getDownloadUrlForLayer(
                GetDownloadUrlForLayerRequest(
                    repositoryName: copy.repository,
                    layerDigest: digest,
                    registryId: source.registryId
                )
            )
        }
        guard let text = response.downloadUrl, let url = URL(string: text) else {
            throw copy.error(.downloadBlob, at: source, digest: digest, "GetDownloadUrlForLayer returned no valid URL")
        }
        return url
    }

    private func uploadPart(
        _ bytes: [UInt8],
        first: Int64,
        last: Int64,
        uploadId: String,
        blob: ImageManifest.Descriptor,
        in copy: ImageCopyRun
    ) async throws {
        let destination = copy.destination
        _ = try await copy.calling(.uploadBlob, at: destination, digest: blob.digest) {
            try await destination.ecr.uploadLayerPart(
                UploadLayerPartRequest(
                    repositoryName: copy.repository,
                    uploadId: uploadId,
                    partFirstByte: Int(first),
                    partLastByte: Int(last),
                    layerPartBlob: Data(bytes),
                    registryId: destination.registryId
                )
            )
        }
    }

    private func completeUpload(_ uploadId: String, blob: ImageManifest.Descriptor, in copy: ImageCopyRun) async throws
    {
        let destination = copy.destination
        let response = try await copy.calling(.uploadBlob, at: destination, digest: blob.digest) {
            try await destination.ecr.completeLayerUpload(
                CompleteLayerUploadRequest(
                    repositoryName: copy.repository,
                    uploadId: uploadId,
                    layerDigests: [blob.digest],
                    registryId: destination.registryId
                )
            )
        }
        guard response.layerDigest == blob.digest else {
            throw copy.error(
                .uploadBlob,
                at: destination,
                digest: blob.digest,
                "CompleteLayerUpload stored digest \(response.layerDigest ?? "(none)") instead"
            )
        }
    }
}
