import AWSClient
import ControlPlane
import Foundation
import Testing

/// Blob downloads and cross-account copies of the image copier, through `ECRBlobProxy` in front of moto.
/// Each image has a config blob of one part and two layers of three 4,096-byte parts.
@Suite(.enabled(if: RepositoryTestKit.motoAvailable))
struct CopyRuleDownloadTests {
    static let source = CopyRuleCopyTests.source
    static let destination = CopyRuleCopyTests.destination

    /// Creates a source repository with one tagged image and returns the repository name and the image.
    static func seed(_ stem: String, proxy: ECRBlobProxy) async throws -> (String, CopyImageKit.PushedImage) {
        let repository = RepositoryTestKit.uniqueName(stem) + "/app"
        try await CopyImageKit.createRepository(repository, region: CopyRuleCopyTests.sourceRegion)
        let image = try await CopyImageKit.pushImage(repository, tag: "release-1", seed: repository, proxy: proxy)
        return (repository, image)
    }

    @Test func transientFailureRetried() async throws {
        try await CopyRuleCopyTests.withCopier { copier, proxy in
            let (repository, image) = try await Self.seed("copy-retry", proxy: proxy)
            proxy.failBlobRequests(2, status: 503)

            let report = try await copier.copy(
                repository: repository,
                digest: image.digest,
                from: Self.source,
                to: Self.destination
            )
            #expect(report.blobsCopied == 3)
            #expect(proxy.blobRequests == 9)
            let copied = try await CopyImageKit.manifest(repository, digest: image.digest)
            #expect(copied?.imageId?.imageDigest == image.digest)
        }
    }

    @Test func persistentFailureStops() async throws {
        try await CopyRuleCopyTests.withCopier { copier, proxy in
            let (repository, image) = try await Self.seed("copy-503", proxy: proxy)
            proxy.failBlobRequests(3, status: 503)

            let error = await #expect(throws: ImageCopyError.self) {
                _ = try await copier.copy(
                    repository: repository,
                    digest: image.digest,
                    from: Self.source,
                    to: Self.destination
                )
            }
            #expect(error?.step == .downloadBlob)
            #expect(error?.digest == image.blobDigests[0])
            #expect(error?.message.contains("HTTP 503") == true)
            #expect(error?.isRetryable == true)
            #expect(proxy.blobRequests == 3)
        }
    }

    @Test func forbiddenURLNotRetried() async throws {
        try await CopyRuleCopyTests.withCopier { copier, proxy in
            let (repository, image) = try await Self.seed("copy-403", proxy: proxy)
            proxy.failBlobRequests(1, status: 403)

            let error = await #expect(throws: ImageCopyError.self) {
                _ = try await copier.copy(
                    repository: repository,
                    digest: image.digest,
                    from: Self.source,
                    to: Self.destination
                )
            }
            #expect(error?.step == .downloadBlob)
            #expect(error?.message.contains("HTTP 403") == true)
            #expect(error?.description.contains("X-Amz-Signature") == false)
            #expect(proxy.blobRequests == 1)
        }
    }

    @Test func ignoredRangeRejected() async throws {
        try await CopyRuleCopyTests.withCopier { copier, proxy in
            let (repository, image) = try await Self.seed("copy-norange", proxy: proxy)
            proxy.ignoreRangeHeaders()

            let error = await #expect(throws: ImageCopyError.self) {
                _ = try await copier.copy(
                    repository: repository,
                    digest: image.digest,
                    from: Self.source,
                    to: Self.destination
                )
            }
            // The config blob fits one range, so a whole-blob 200 is accepted for it; the first layer is not.
            #expect(error?.step == .downloadBlob)
            #expect(error?.digest == image.blobDigests[1])
            #expect(error?.message.contains("10000 bytes instead of 4096") == true)
            let missing = try await CopyImageKit.missingBlobs(repository, digests: image.blobDigests)
            #expect(missing == Array(image.blobDigests.dropFirst()))
        }
    }

    @Test func cancelledCopyStops() async throws {
        try await CopyRuleCopyTests.withCopier { copier, proxy in
            let (repository, image) = try await Self.seed("copy-cancel", proxy: proxy)

            let task = Task {
                try await copier.copy(
                    repository: repository,
                    digest: image.digest,
                    from: Self.source,
                    to: Self.destination
                )
            }
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) {
                _ = try result.get()
            }
            #expect(proxy.count(of: "UploadLayerPart") == 0)
            #expect(proxy.count(of: "PutImage") == 0)
        }
    }

    @Test func crossAccountCopyAssumesRole() async throws {
        let moto = try #require(ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"])
        let otherAccount = "210987654321"
        let proxy = try ECRBlobProxy.start(motoEndpoint: moto)
        var environment = TestApplication.awsEnvironment
        environment["AWS_ENDPOINT_URL"] = proxy.endpoint
        let registry = RegistryContext(
            aws: AWSClient(configuration: AWSConfiguration(environment: environment)),
            sourceRegion: CopyRuleCopyTests.sourceRegion,
            sourceAccount: CopyRuleCopyTests.account,
            rolesByAccount: [otherAccount: "arn:aws:iam::\(otherAccount):role/image-copy"]
        )
        let copier = ImageCopier(registry: registry, logger: .disabled, maximumPartSize: 4096)
        do {
            let (repository, image) = try await Self.seed("copy-account", proxy: proxy)
            let destination = ControlPlane.ReplicationDestination(
                region: CopyRuleCopyTests.destinationRegion,
                registryId: otherAccount
            )

            let report = try await copier.copy(
                repository: repository,
                digest: image.digest,
                from: Self.source,
                to: destination
            )
            #expect(report.createdRepository)
            #expect(report.blobsCopied == 3)
            let ecr = try await registry.ecr(region: CopyRuleCopyTests.destinationRegion, account: otherAccount)
            let copied = try await ecr.batchGetImage(
                BatchGetImageRequest(
                    repositoryName: repository,
                    imageIds: [ImageIdentifier(imageDigest: image.digest)],
                    registryId: otherAccount
                )
            )
            #expect(copied.images?.first?.imageId?.imageDigest == image.digest)
            #expect(copied.images?.first?.registryId == otherAccount)
            // moto keeps each account's registry apart, so the source account has no such repository there.
            let inSourceAccount = try await RepositoryTestKit.describe(
                repository,
                region: CopyRuleCopyTests.destinationRegion
            )
            #expect(inSourceAccount == nil)
        } catch {
            await proxy.stop()
            throw error
        }
        await proxy.stop()
    }

    @Test func accountWithoutRoleFails() async throws {
        try await CopyRuleCopyTests.withCopier { copier, proxy in
            let (repository, image) = try await Self.seed("copy-norole", proxy: proxy)
            let destination = ControlPlane.ReplicationDestination(
                region: CopyRuleCopyTests.destinationRegion,
                registryId: "999999999999"
            )

            let error = await #expect(throws: ImageCopyError.self) {
                _ = try await copier.copy(
                    repository: repository,
                    digest: image.digest,
                    from: Self.source,
                    to: destination
                )
            }
            #expect(error?.step == .ensureRepository)
            #expect(error?.registryId == "999999999999")
            #expect(error?.message.contains("--account-role 999999999999=ROLE_ARN") == true)
        }
    }
}
