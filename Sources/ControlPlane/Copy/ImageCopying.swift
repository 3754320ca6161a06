/// Copies one image, by digest, from the source registry into a destination registry, keeping the
/// digest: the manifest bytes are put unchanged after every blob they reference is present.
public protocol ImageCopying: Sendable {
    /// Copies `digest` of `repository` from `source` to `destination`, creating the destination
    /// repository with the source's settings when it does not exist.
    ///
    /// - Throws: `AWSError` or the copier's own error type, naming the blob or manifest that failed.
    func copy(
        repository: String,
        digest: String,
        from source: ReplicationDestination,
        to destination: ReplicationDestination
    ) async throws -> ImageCopyReport
}

/// What one copy transferred.
public struct ImageCopyReport: Sendable, Hashable, Codable {
    /// Whether the destination repository had to be created.
    public var createdRepository: Bool
    /// Manifests put: 1 for an image, 1 + children for a manifest list or index.
    public var manifestsPut: Int
    /// Blobs uploaded because the destination lacked them.
    public var blobsCopied: Int
    /// Blobs the destination already had.
    public var blobsPresent: Int
    public var bytesCopied: Int64

    public init(createdRepository: Bool, manifestsPut: Int, blobsCopied: Int, blobsPresent: Int, bytesCopied: Int64) {
        self.createdRepository = createdRepository
        self.manifestsPut = manifestsPut
        self.blobsCopied = blobsCopied
        self.blobsPresent = blobsPresent
        self.bytesCopied = bytesCopied
    }
}

/// A lookup of the destinations that the copy rules send an image to.
public protocol CopyRuleMatching: Sendable {
    /// Returns the destinations of every copy rule whose repository prefix matches `repository` and whose
    /// tag pattern matches `tag`. A rule with a tag pattern does not match an untagged image.
    func copyDestinations(forRepository repository: String, tag: String?) async throws -> [ReplicationDestination]
}
