import AWSClient
import Crypto
import Foundation
import Testing

/// Helpers for the configuration and policy suites: the shared moto through the AWS client, unique names,
/// and image pushes with distinct layer digests.
enum PolicyTestSupport {
    static let motoAvailable = ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"] != nil
    /// The account moto reports for the test credentials.
    static let account = "123456789012"

    static let aws = AWSClient(configuration: AWSConfiguration(environment: TestApplication.awsEnvironment))

    static func ecr(_ region: String = "us-east-1") -> ECR {
        self.aws.ecr(region: region)
    }

    /// Returns `prefix` plus a lowercase random suffix, so parallel tests never share a repository.
    static func uniqueName(_ prefix: String) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return prefix + "-" + String((0..<10).map { _ in letters.randomElement()! })
    }

    /// Creates repository `name` in `region` directly in moto.
    static func createRepository(_ name: String, region: String = "us-east-1") async throws {
        _ = try await self.ecr(region).createRepository(ECRCreateRepositoryRequest(repositoryName: name))
    }

    /// Pushes an image with `tags` (the first through PutImage with the manifest, the others re-tagging it) and
    /// returns its digest, the SHA-256 of the exact manifest bytes. Config and layer digests are unique per call.
    @discardableResult
    static func pushImage(_ repository: String, tags: [String], region: String = "us-east-1") async throws -> String {
        let manifest = """
            {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", \
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7, \
            "digest": "\(self.uniqueDigest())"}, "layers": [{"mediaType": \
            "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 11, "digest": "\(self.uniqueDigest())"}]}
            """
        let ecr = self.ecr(region)
        let mediaType = "application/vnd.docker.distribution.manifest.v2+json"
        for tag in tags.isEmpty ? [nil] : tags.map(Optional.some) {
            _ = try await ecr.putImage(
                PutImageRequest(
                    repositoryName: repository,
                    imageManifest: manifest,
                    imageManifestMediaType: mediaType,
                    imageTag: tag
                )
            )
        }
        return PutImageRequest.digest(of: manifest)
    }

    /// Pushes an OCI image index that lists `manifests` with `tag` and returns its digest.
    static func pushIndex(_ repository: String, manifests: [String], tag: String) async throws -> String {
        let entries = manifests.map {
            #"{"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 400, "digest": "\#($0)"}"#
        }
        let mediaType = "application/vnd.oci.image.index.v1+json"
        let index =
            #"{"schemaVersion": 2, "mediaType": "\#(mediaType)", "manifests": [\#(entries.joined(separator: ", "))]}"#
        _ = try await self.ecr().putImage(
            PutImageRequest(
                repositoryName: repository,
                imageManifest: index,
                imageManifestMediaType: mediaType,
                imageTag: tag
            )
        )
        return PutImageRequest.digest(of: index)
    }

    static func uniqueDigest() -> String {
        "sha256:" + SHA256.hexHash(UUID().uuidString)
    }

    /// Parses a reply body that is a JSON array.
    static func array(_ body: Data) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? []
    }
}
