import Crypto

/// The input of PutImage. The initializer always computes the image digest as `sha256:` and the hex SHA-256 of the
/// exact manifest bytes, because that is how real ECR names an image. moto only agrees when the digest is sent.
public struct PutImageRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var imageManifest: String
    public var imageManifestMediaType: String?
    public var imageTag: String?
    public private(set) var imageDigest: String
    public var registryId: String?

    public init(
        repositoryName: String,
        imageManifest: String,
        imageManifestMediaType: String? = nil,
        imageTag: String? = nil,
        registryId: String? = nil
    ) {
        self.repositoryName = repositoryName
        self.imageManifest = imageManifest
        self.imageManifestMediaType = imageManifestMediaType
        self.imageTag = imageTag
        self.imageDigest = Self.digest(of: imageManifest)
        self.registryId = registryId
    }

    /// Returns `sha256:<hex>` of the UTF-8 bytes of `manifest`.
    public static func digest(of manifest: String) -> String {
        "sha256:" + SHA256.hexHash(manifest)
    }
}
