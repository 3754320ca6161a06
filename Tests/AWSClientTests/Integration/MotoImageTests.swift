import Crypto
import Foundation
import Testing

@testable import AWSClient

/// Pushes, reads and deletes images in the shared moto through the ECR layer and image operations.
@Suite(.enabled(if: TestSupport.motoAvailable))
struct MotoImageTests {
    let client = TestSupport.motoClient()

    /// Uploads `blob` as a layer in two parts and returns its digest.
    func uploadLayer(_ ecr: ECR, repository: String, blob: [UInt8]) async throws -> String {
        let digest = "sha256:" + SHA256.hexHash(blob)
        let upload = try await ecr.initiateLayerUpload(InitiateLayerUploadRequest(repositoryName: repository))
        let uploadId = try #require(upload.uploadId)
        let middle = blob.count / 2
        var first = 0
        for part in [Array(blob[..<middle]), Array(blob[middle...])] {
            let response = try await ecr.uploadLayerPart(
                UploadLayerPartRequest(
                    repositoryName: repository,
                    uploadId: uploadId,
                    partFirstByte: first,
                    partLastByte: first + part.count - 1,
                    layerPartBlob: Data(part)
                )
            )
            #expect(response.lastByteReceived == first + part.count - 1)
            first += part.count
        }
        let completed = try await ecr.completeLayerUpload(
            CompleteLayerUploadRequest(repositoryName: repository, uploadId: uploadId, layerDigests: [digest])
        )
        #expect(completed.layerDigest == digest)
        return digest
    }

    /// Returns an image manifest referencing a config and one layer, with unique content per call.
    func manifest(config: String, configSize: Int, layer: String, layerSize: Int) -> String {
        """
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
          "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": \(configSize), \
        "digest": "\(config)"},
          "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": \(layerSize), \
        "digest": "\(layer)"}]
        }
        """
    }

    @Test func pushDescribeFetchAndDeleteImage() async throws {
        let ecr = self.client.ecr(region: "us-east-1")
        let repository = TestSupport.uniqueName("push")
        _ = try await ecr.createRepository(CreateRepositoryRequest(repositoryName: repository))
        let configBlob = Array("{\"architecture\":\"amd64\",\"id\":\"\(repository)\"}".utf8)
        let layerBlob = SecureRandomBlob.bytes(4096)
        let configDigest = try await self.uploadLayer(ecr, repository: repository, blob: configBlob)
        let layerDigest = try await self.uploadLayer(ecr, repository: repository, blob: layerBlob)

        let availability = try await ecr.batchCheckLayerAvailability(
            BatchCheckLayerAvailabilityRequest(repositoryName: repository, layerDigests: [layerDigest])
        )
        #expect(availability.layers?.first?.layerAvailability == "AVAILABLE")

        let manifest = self.manifest(
            config: configDigest,
            configSize: configBlob.count,
            layer: layerDigest,
            layerSize: layerBlob.count
        )
        let request = PutImageRequest(
            repositoryName: repository,
            imageManifest: manifest,
            imageManifestMediaType: "application/vnd.docker.distribution.manifest.v2+json",
            imageTag: "v1"
        )
        let expectedDigest = "sha256:" + SHA256.hexHash(Array(manifest.utf8))
        #expect(request.imageDigest == expectedDigest)
        let put = try await ecr.putImage(request)
        #expect(put.image?.imageId?.imageDigest == expectedDigest)

        let details = try await ecr.allImageDetails(DescribeImagesRequest(repositoryName: repository))
        #expect(details.count == 1)
        #expect(details.first?.imageDigest == expectedDigest)
        #expect(details.first?.imageTags == ["v1"])
        #expect(details.first?.imagePushedAt != nil)

        let ids = try await ecr.allImageIds(ListImagesRequest(repositoryName: repository))
        #expect(ids == [ImageIdentifier(imageDigest: expectedDigest, imageTag: "v1")])

        let fetched = try await ecr.batchGetImage(
            BatchGetImageRequest(repositoryName: repository, imageIds: [ImageIdentifier(imageTag: "v1")])
        )
        #expect(fetched.images?.first?.imageManifest == manifest)
        #expect(fetched.failures?.isEmpty ?? true)

        let missing = ImageIdentifier(imageDigest: "sha256:" + String(repeating: "0", count: 64))
        let deleted = try await ecr.batchDeleteImage(
            BatchDeleteImageRequest(repositoryName: repository, imageIds: [ImageIdentifier(imageTag: "v1"), missing])
        )
        #expect(deleted.imageIds?.first?.imageDigest == expectedDigest)
        #expect(deleted.failures?.count == 1)
        #expect(deleted.failures?.first?.failureCode == "ImageNotFound")
        #expect(deleted.failures?.first?.imageId?.imageDigest == missing.imageDigest)
        _ = try await ecr.deleteRepository(DeleteRepositoryRequest(repositoryName: repository, force: true))
    }

    @Test func reusedTagInImmutableRepositoryIsTagConflict() async throws {
        let ecr = self.client.ecr(region: "us-east-1")
        let repository = TestSupport.uniqueName("immutable")
        _ = try await ecr.createRepository(
            CreateRepositoryRequest(repositoryName: repository, imageTagMutability: .immutable)
        )
        let first = self.manifest(config: Self.fakeDigest(1), configSize: 1, layer: Self.fakeDigest(2), layerSize: 2)
        let second = self.manifest(config: Self.fakeDigest(3), configSize: 3, layer: Self.fakeDigest(4), layerSize: 4)
        _ = try await ecr.putImage(
            PutImageRequest(repositoryName: repository, imageManifest: first, imageTag: "stable")
        )
        let error = try await #require(throws: AWSError.self) {
            _ = try await ecr.putImage(
                PutImageRequest(repositoryName: repository, imageManifest: second, imageTag: "stable")
            )
        }
        #expect(error.isTagConflict)
        #expect(error.statusCode == 400)
        _ = try await ecr.deleteRepository(DeleteRepositoryRequest(repositoryName: repository, force: true))
    }

    @Test func scanFindingsOfPushedImage() async throws {
        let ecr = self.client.ecr(region: "us-east-1")
        let repository = TestSupport.uniqueName("scan")
        _ = try await ecr.createRepository(
            CreateRepositoryRequest(
                repositoryName: repository,
                imageScanningConfiguration: ImageScanningConfiguration(scanOnPush: true)
            )
        )
        let manifest = self.manifest(config: Self.fakeDigest(5), configSize: 5, layer: Self.fakeDigest(6), layerSize: 6)
        let put = try await ecr.putImage(
            PutImageRequest(repositoryName: repository, imageManifest: manifest, imageTag: "a")
        )
        let digest = try #require(put.image?.imageId?.imageDigest)
        let started = try await ecr.startImageScan(
            StartImageScanRequest(repositoryName: repository, imageId: ImageIdentifier(imageDigest: digest))
        )
        #expect(started.imageScanStatus?.status != nil)
        let findings = try await ecr.describeImageScanFindings(
            DescribeImageScanFindingsRequest(repositoryName: repository, imageId: ImageIdentifier(imageDigest: digest))
        )
        #expect(findings.repositoryName == repository)
        #expect(findings.imageId?.imageDigest == digest)
        #expect(findings.imageScanStatus?.status != nil)
        _ = try await ecr.deleteRepository(DeleteRepositoryRequest(repositoryName: repository, force: true))
    }

    /// Returns a distinct, well-formed digest for manifests whose blobs are never fetched.
    static func fakeDigest(_ seed: Int) -> String {
        "sha256:" + SHA256.hexHash(Array("\(seed)-\(UUID().uuidString)".utf8))
    }
}

/// Random test content, so every pushed layer has a digest of its own.
enum SecureRandomBlob {
    static func bytes(_ count: Int) -> [UInt8] {
        SecureRandom.bytes(count: count)
    }
}
