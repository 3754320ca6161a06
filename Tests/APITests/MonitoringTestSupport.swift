import AWSClient
import ControlPlane
import Foundation
import Testing

/// Shared setup of the monitoring, cleanup and drift audit suites. They alone use source region eu-north-1
/// and destination eu-south-1 in the shared moto. Every repository they create starts with `prefix`, and
/// each suite writes the same replication configuration (one rule, as moto allows), so suites running in
/// parallel never undo each other's configuration.
enum MonitoringTestSupport {
    static let motoAvailable = ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"] != nil
    static let sourceRegion = "eu-north-1"
    static let destinationRegion = "eu-south-1"
    static let prefix = "ecpmon/"
    static let account = "123456789012"
    static let aws = AWSClient(configuration: AWSConfiguration(environment: TestApplication.awsEnvironment))

    static func ecr(_ region: String = Self.sourceRegion) -> ECR {
        self.aws.ecr(region: region)
    }

    /// Returns `ecpmon/<stem>-<random>`, a repository name no other test uses.
    static func uniqueRepository(_ stem: String) -> String {
        "\(self.prefix)\(stem)-" + UUID().uuidString.prefix(8).lowercased()
    }

    /// Replicates every `ecpmon/` repository from eu-north-1 to eu-south-1.
    static func replicateToDestination() async throws {
        let rule = ECRReplicationRule(
            destinations: [ECRReplicationDestination(region: self.destinationRegion, registryId: self.account)],
            repositoryFilters: [ECRRepositoryFilter(filter: self.prefix)]
        )
        _ = try await self.ecr().putReplicationConfiguration(
            PutReplicationConfigurationRequest(replicationConfiguration: ECRReplicationConfiguration(rules: [rule]))
        )
    }

    static func createRepository(
        _ name: String,
        region: String = Self.sourceRegion,
        scanOnPush: Bool = false,
        mutability: ImageTagMutability = .mutable
    ) async throws {
        _ = try await self.ecr(region).createRepository(
            ECRCreateRepositoryRequest(
                repositoryName: name,
                imageTagMutability: mutability,
                imageScanningConfiguration: ImageScanningConfiguration(scanOnPush: scanOnPush)
            )
        )
    }

    /// Deletes `name` and its images in each region, ignoring regions where it does not exist.
    static func deleteRepository(_ name: String, regions: [String] = [Self.sourceRegion, Self.destinationRegion]) async
    {
        for region in regions {
            _ = try? await self.ecr(region).deleteRepository(DeleteRepositoryRequest(repositoryName: name, force: true))
        }
    }

    /// Pushes an image with distinct config and layer digests, tagged `tag` when given, and returns its digest.
    static func pushImage(_ repository: String, tag: String?, region: String = Self.sourceRegion) async throws -> String
    {
        let manifest = """
            {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", \
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7, \
            "digest": "\(self.uniqueDigest())"}, "layers": [{"mediaType": \
            "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 11, "digest": "\(self.uniqueDigest())"}]}
            """
        return try await self.put(
            manifest,
            "application/vnd.docker.distribution.manifest.v2+json",
            repository,
            tag,
            region
        )
    }

    /// Pushes an OCI image index listing `manifests`, tagged `tag`, and returns its digest.
    static func pushIndex(_ repository: String, manifests: [String], tag: String) async throws -> String {
        let mediaType = "application/vnd.oci.image.index.v1+json"
        let entries = manifests.map {
            #"{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 400, "digest": "\#($0)"}"#
        }
        let index =
            #"{"schemaVersion": 2, "mediaType": "\#(mediaType)", "manifests": [\#(entries.joined(separator: ", "))]}"#
        return try await self.put(index, mediaType, repository, tag, self.sourceRegion)
    }

    private static func put(
        _ manifest: String,
        _ mediaType: String,
        _ repository: String,
        _ tag: String?,
        _ region: String
    ) async throws -> String {
        _ = try await self.ecr(region).putImage(
            PutImageRequest(
                repositoryName: repository,
                imageManifest: manifest,
                imageManifestMediaType: mediaType,
                imageTag: tag
            )
        )
        return PutImageRequest.digest(of: manifest)
    }

    /// Adds `tag` to the image `digest` by putting its manifest again with the tag.
    static func tagImage(_ repository: String, digest: String, tag: String) async throws {
        let response = try await self.ecr().batchGetImage(
            BatchGetImageRequest(repositoryName: repository, imageIds: [ImageIdentifier(imageDigest: digest)])
        )
        let image = try #require(response.images?.first)
        _ = try await self.ecr().putImage(
            PutImageRequest(
                repositoryName: repository,
                imageManifest: try #require(image.imageManifest),
                imageManifestMediaType: image.imageManifestMediaType,
                imageTag: tag
            )
        )
    }

    static func uniqueDigest() -> String {
        "sha256:" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            + String(repeating: "0", count: 32)
    }

    /// Returns the digests stored in `repository`.
    static func digests(_ repository: String, region: String = Self.sourceRegion) async throws -> Set<String> {
        Set(
            try await self.ecr(region).allImageIds(ListImagesRequest(repositoryName: repository)).compactMap(
                \.imageDigest
            )
        )
    }

    /// Returns the audit events with `action` whose target starts with `targetPrefix`.
    static func auditEvents(_ app: TestApplication, action: String, targetPrefix: String) async throws -> [AuditEvent] {
        try await app.auditLog.list(filter: AuditFilter(action: action, targetPrefix: targetPrefix), limit: 500).items
    }
}
