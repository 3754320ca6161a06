import AWSClient
import ControlPlane
import Crypto
import Foundation
import Testing

/// Copy rules and the image copier against moto, from us-east-2 to eu-central-1 (regions no other suite uses).
///
/// moto lacks GetDownloadUrlForLayer, so the copier's AWS client goes through `ECRBlobProxy`, which returns
/// a URL on a local blob server for that call. The blob server replaces the S3 presigned URLs that
/// real ECR returns and moto cannot produce, and serves the bytes the test uploaded. Every other call
/// reaches moto unchanged.
@Suite(.enabled(if: RepositoryTestKit.motoAvailable))
struct CopyRuleCopyTests {
    static let sourceRegion = "us-east-2"
    static let destinationRegion = "eu-central-1"
    static let account = RepositoryTestKit.motoAccount
    static let source = ControlPlane.ReplicationDestination(region: sourceRegion, registryId: account)
    static let destination = ControlPlane.ReplicationDestination(region: destinationRegion, registryId: account)

    /// Runs `body` with a started proxy and a copier whose AWS client calls through it. The part size is
    /// small so that every test blob is uploaded in several parts.
    static func withCopier(_ body: (ImageCopier, ECRBlobProxy) async throws -> Void) async throws {
        let moto = try #require(ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"])
        let proxy = try ECRBlobProxy.start(motoEndpoint: moto)
        var environment = TestApplication.awsEnvironment
        environment["AWS_ENDPOINT_URL"] = proxy.endpoint
        let registry = RegistryContext(
            aws: AWSClient(configuration: AWSConfiguration(environment: environment)),
            sourceRegion: Self.sourceRegion,
            sourceAccount: Self.account
        )
        let copier = ImageCopier(registry: registry, logger: .disabled, maximumPartSize: 4096)
        do {
            try await body(copier, proxy)
        } catch {
            await proxy.stop()
            throw error
        }
        await proxy.stop()
    }

    @Test func releaseTagCopiedByRule() async throws {
        try await withApplication(sourceRegion: Self.sourceRegion) { app in
            let prefix = RepositoryTestKit.uniqueName("copy")
            let rule = """
                {"repositoryPrefix": "\(prefix)/", "tagPattern": "release-*",
                 "destinations": [{"region": "\(Self.destinationRegion)", "registryId": "\(Self.account)"}]}
                """
            let created = try await app.request("POST", "/v1/copy-rules", token: app.operatorToken, body: rule)
            #expect(created.status == 201)
            let rules = CopyRuleService(database: app.database, auditLog: app.auditLog, registry: Self.unusedRegistry)
            let repository = "\(prefix)/app"
            let releaseDestinations = try await rules.copyDestinations(forRepository: repository, tag: "release-1")
            #expect(releaseDestinations == [Self.destination])
            let devDestinations = try await rules.copyDestinations(forRepository: repository, tag: "dev-1")
            #expect(devDestinations.isEmpty)

            try await Self.withCopier { copier, proxy in
                try await CopyImageKit.createRepository(repository, region: Self.sourceRegion, immutable: true)
                let image = try await CopyImageKit.pushImage(repository, tag: "release-1", seed: prefix, proxy: proxy)
                let report = try await copier.copy(
                    repository: repository,
                    digest: image.digest,
                    from: Self.source,
                    to: releaseDestinations[0]
                )
                #expect(report.createdRepository)
                #expect(report.manifestsPut == 1)
                #expect(report.blobsCopied == 3)
                #expect(report.blobsPresent == 0)
                #expect(report.bytesCopied == image.blobs.reduce(0) { $0 + Int64($1.count) })
                // The config fits one 4,096-byte part; each 10,000-byte layer takes three.
                #expect(proxy.count(of: "UploadLayerPart") == 7)
                #expect(proxy.blobRequests == 7)

                let copied = try #require(try await CopyImageKit.manifest(repository, digest: image.digest))
                #expect(copied.imageManifest == image.manifest)
                #expect(copied.imageId?.imageDigest == image.digest)
                #expect(try await CopyImageKit.tags(repository, digest: image.digest) == ["release-1"])
                let missing = try await CopyImageKit.missingBlobs(repository, digests: image.blobDigests)
                #expect(missing.isEmpty)
                let replica = try #require(
                    try await RepositoryTestKit.describe(repository, region: Self.destinationRegion)
                )
                #expect(replica.imageTagMutability == .immutable)
                #expect(replica.imageScanningConfiguration?.scanOnPush == true)

                let again = try await copier.copy(
                    repository: repository,
                    digest: image.digest,
                    from: Self.source,
                    to: Self.destination
                )
                #expect(!again.createdRepository)
                #expect(again.blobsCopied == 0)
                #expect(again.blobsPresent == 3)
            }
        }
    }

    @Test func manifestListCopiesChildren() async throws {
        try await Self.withCopier { copier, proxy in
            let repository = RepositoryTestKit.uniqueName("copy-list") + "/app"
            try await CopyImageKit.createRepository(repository, region: Self.sourceRegion)
            let amd64 = try await CopyImageKit.pushImage(repository, tag: nil, seed: repository + "amd64", proxy: proxy)
            let arm64 = try await CopyImageKit.pushImage(repository, tag: nil, seed: repository + "arm64", proxy: proxy)
            // The list names amd64 twice, as another platform, and each child is still put once.
            let list = try await CopyImageKit.pushList(repository, children: [amd64, arm64, amd64], tag: "release-2")

            let report = try await copier.copy(
                repository: repository,
                digest: list,
                from: Self.source,
                to: Self.destination
            )
            #expect(report.manifestsPut == 3)
            #expect(report.blobsCopied == 6)
            for digest in [list, amd64.digest, arm64.digest] {
                let copied = try await CopyImageKit.manifest(repository, digest: digest)
                #expect(copied?.imageId?.imageDigest == digest)
            }
            #expect(try await CopyImageKit.tags(repository, digest: list) == ["release-2"])
            let missing = try await CopyImageKit.missingBlobs(
                repository,
                digests: amd64.blobDigests + arm64.blobDigests
            )
            #expect(missing.isEmpty)
        }
    }

    @Test func presentBlobNotUploadedAgain() async throws {
        try await Self.withCopier { copier, proxy in
            let repository = RepositoryTestKit.uniqueName("copy-shared") + "/app"
            try await CopyImageKit.createRepository(repository, region: Self.sourceRegion)
            let first = try await CopyImageKit.pushImage(repository, tag: "v1", seed: repository + "1", proxy: proxy)
            _ = try await copier.copy(
                repository: repository,
                digest: first.digest,
                from: Self.source,
                to: Self.destination
            )
            let downloadsBefore = proxy.count(of: "GetDownloadUrlForLayer")

            let second = try await CopyImageKit.pushImage(
                repository,
                tag: "v2",
                seed: repository + "2",
                sharedLayer: first.blobs[1],
                proxy: proxy
            )
            let report = try await copier.copy(
                repository: repository,
                digest: second.digest,
                from: Self.source,
                to: Self.destination
            )
            #expect(report.blobsPresent == 1)
            #expect(report.blobsCopied == 2)
            #expect(report.bytesCopied == Int64(second.blobs[0].count + second.blobs[2].count))
            #expect(proxy.count(of: "GetDownloadUrlForLayer") - downloadsBefore == 2)
        }
    }

    @Test func corruptBlobFailsNamingDigest() async throws {
        try await Self.withCopier { copier, proxy in
            let repository = RepositoryTestKit.uniqueName("copy-corrupt") + "/app"
            try await CopyImageKit.createRepository(repository, region: Self.sourceRegion)
            let image = try await CopyImageKit.pushImage(repository, tag: "release-3", seed: repository, proxy: proxy)
            let corrupted = image.blobDigests[2]
            proxy.corrupt(corrupted)

            let error = await #expect(throws: ImageCopyError.self) {
                _ = try await copier.copy(
                    repository: repository,
                    digest: image.digest,
                    from: Self.source,
                    to: Self.destination
                )
            }
            #expect(error?.step == .blobDigestMismatch)
            #expect(error?.digest == corrupted)
            #expect(error?.description.contains(corrupted) == true)
            #expect(error?.isRetryable == false)
            #expect(try await CopyImageKit.missingBlobs(repository, digests: [corrupted]) == [corrupted])
            #expect(try await CopyImageKit.manifest(repository, digest: image.digest) == nil)
        }
    }

    @Test func missingSourceImageFails() async throws {
        try await Self.withCopier { copier, _ in
            let repository = RepositoryTestKit.uniqueName("copy-missing") + "/app"
            try await CopyImageKit.createRepository(repository, region: Self.sourceRegion)
            let digest = "sha256:" + String(repeating: "ab", count: 32)

            let error = await #expect(throws: ImageCopyError.self) {
                _ = try await copier.copy(
                    repository: repository,
                    digest: digest,
                    from: Self.source,
                    to: Self.destination
                )
            }
            #expect(error?.step == .readManifest)
            #expect(error?.region == Self.sourceRegion)
        }
    }

    /// A registry for services that never call AWS in the test: its endpoint is a closed local port.
    static let unusedRegistry = RegistryContext(
        aws: AWSClient(configuration: AWSConfiguration(environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:9"])),
        sourceRegion: sourceRegion,
        sourceAccount: account
    )
}

/// Pushes and inspects images in moto directly, without the proxy.
enum CopyImageKit {
    struct PushedImage {
        let digest: String
        let manifest: String
        /// The config blob, then the two layers.
        let blobs: [[UInt8]]
        var blobDigests: [String] { self.blobs.map(ECRBlobProxy.digest(of:)) }
    }

    static var aws: AWSClient { RepositoryTestKit.aws }

    static func createRepository(_ name: String, region: String, immutable: Bool = false) async throws {
        _ = try await self.aws.ecr(region: region).createRepository(
            ECRCreateRepositoryRequest(
                repositoryName: name,
                imageTagMutability: immutable ? .immutable : .mutable,
                imageScanningConfiguration: ImageScanningConfiguration(scanOnPush: true)
            )
        )
    }

    /// Returns `count` bytes derived from `seed`, distinct for each seed.
    static func bytes(_ seed: String, count: Int) -> [UInt8] {
        var output: [UInt8] = []
        var block = SHA256.hash(Array(seed.utf8))
        while output.count < count {
            output += block
            block = SHA256.hash(block)
        }
        return Array(output.prefix(count))
    }

    /// Uploads a config blob and two 10,000-byte layers to the source repository in moto, registers them with
    /// the proxy's blob server, and puts an OCI manifest referencing them. `sharedLayer` replaces the first
    /// layer, so two images can share it.
    static func pushImage(
        _ repository: String,
        tag: String?,
        seed: String,
        sharedLayer: [UInt8]? = nil,
        proxy: ECRBlobProxy
    ) async throws -> PushedImage {
        let config = Array(#"{"architecture":"amd64","os":"linux","seed":"\#(seed)"}"#.utf8)
        let blobs = [
            config, sharedLayer ?? self.bytes(seed + "layer1", count: 10_000),
            self.bytes(seed + "layer2", count: 10_000),
        ]
        for blob in blobs {
            try await self.upload(blob, repository: repository)
            proxy.register(blob)
        }
        let descriptor = { (mediaType: String, blob: [UInt8]) in
            #"{"mediaType":"\#(mediaType)","digest":"\#(ECRBlobProxy.digest(of: blob))","size":\#(blob.count)}"#
        }
        let layerType = "application/vnd.oci.image.layer.v1.tar+gzip"
        let manifest = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
            "config":\(descriptor("application/vnd.oci.image.config.v1+json", config)),\
            "layers":[\(descriptor(layerType, blobs[1])),\(descriptor(layerType, blobs[2]))]}
            """
        let digest = try await self.put(
            manifest,
            mediaType: "application/vnd.oci.image.manifest.v1+json",
            repository,
            tag
        )
        return PushedImage(digest: digest, manifest: manifest, blobs: blobs)
    }

    /// Puts an OCI image index of `children` and returns its digest.
    static func pushList(_ repository: String, children: [PushedImage], tag: String) async throws -> String {
        let entries = children.enumerated().map { index, child in
            #"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(child.digest)","#
                + #""size":\#(child.manifest.utf8.count),"platform":{"architecture":"arch\#(index)","os":"linux"}}"#
        }
        let index = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",\
            "manifests":[\(entries.joined(separator: ","))]}
            """
        return try await self.put(index, mediaType: "application/vnd.oci.image.index.v1+json", repository, tag)
    }

    private static func put(_ manifest: String, mediaType: String, _ repository: String, _ tag: String?) async throws
        -> String
    {
        let request = PutImageRequest(
            repositoryName: repository,
            imageManifest: manifest,
            imageManifestMediaType: mediaType,
            imageTag: tag
        )
        _ = try await self.aws.ecr(region: CopyRuleCopyTests.sourceRegion).putImage(request)
        return request.imageDigest
    }

    private static func upload(_ blob: [UInt8], repository: String) async throws {
        let ecr = self.aws.ecr(region: CopyRuleCopyTests.sourceRegion)
        let upload = try await ecr.initiateLayerUpload(InitiateLayerUploadRequest(repositoryName: repository))
        let uploadId = try #require(upload.uploadId)
        _ = try await ecr.uploadLayerPart(
            UploadLayerPartRequest(
                repositoryName: repository,
                uploadId: uploadId,
                partFirstByte: 0,
                partLastByte: blob.count - 1,
                layerPartBlob: Data(blob)
            )
        )
        _ = try await ecr.completeLayerUpload(
            CompleteLayerUploadRequest(
                repositoryName: repository,
                uploadId: uploadId,
                layerDigests: [ECRBlobProxy.digest(of: blob)]
            )
        )
    }

    /// Returns the image `digest` of the destination repository, or nil when it is not there.
    static func manifest(_ repository: String, digest: String) async throws -> Image? {
        let response = try await self.aws.ecr(region: CopyRuleCopyTests.destinationRegion).batchGetImage(
            BatchGetImageRequest(
                repositoryName: repository,
                imageIds: [ImageIdentifier(imageDigest: digest)],
                acceptedMediaTypes: ImageManifest.acceptedMediaTypes
            )
        )
        return response.images?.first
    }

    /// Returns the tags of `digest` in the destination repository.
    static func tags(_ repository: String, digest: String) async throws -> [String] {
        let response = try await self.aws.ecr(region: CopyRuleCopyTests.destinationRegion).describeImages(
            DescribeImagesRequest(repositoryName: repository, imageIds: [ImageIdentifier(imageDigest: digest)])
        )
        return response.imageDetails?.first?.imageTags ?? []
    }

    /// Returns the digests among `digests` that the destination repository lacks.
    static func missingBlobs(_ repository: String, digests: [String]) async throws -> [String] {
        let response = try await self.aws.ecr(region: CopyRuleCopyTests.destinationRegion).batchCheckLayerAvailability(
            BatchCheckLayerAvailabilityRequest(repositoryName: repository, layerDigests: digests)
        )
        let available = Set(
            (response.layers ?? []).filter { $0.layerAvailability == "AVAILABLE" }.compactMap(\.layerDigest)
        )
        return digests.filter { !available.contains($0) }
    }
}
