import Foundation

/// The parts of an image manifest or manifest list that a copy needs: the blobs an image references, or
/// the child manifests a list references.
///
/// Docker image manifest v2 schema 2 and the OCI image manifest have `config` and `layers`. The Docker
/// manifest list and the OCI image index have `manifests`. The JSON is only read here, never written, because
/// PutImage must receive the exact bytes so the digest stays the same.
public enum ImageManifest: Sendable, Equatable {
    /// An image: its config blob followed by its layers.
    case image(blobs: [Descriptor])
    /// A manifest list or image index: the digests of its child manifests.
    case index(children: [Descriptor])

    /// The media types BatchGetImage is asked to return: Docker v2 schema 2, OCI manifest, Docker manifest
    /// list and OCI index.
    public static let acceptedMediaTypes = [
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.index.v1+json",
    ]

    /// A reference to a blob or manifest by digest and size in bytes.
    public struct Descriptor: Sendable, Equatable, Decodable {
        public let mediaType: String?
        public let digest: String
        public let size: Int64
        /// Locations outside the registry; set on foreign Windows layers, which registries do not store.
        public let urls: [String]?

        public init(mediaType: String?, digest: String, size: Int64, urls: [String]? = nil) {
            self.mediaType = mediaType
            self.digest = digest
            self.size = size
            self.urls = urls
        }

        /// True for layers that registries do not store: Docker foreign layers and OCI non-distributable
        /// layers, which clients fetch from `urls`.
        public var isForeign: Bool {
            guard let mediaType = self.mediaType else {
                return false
            }
            return mediaType.contains(".foreign.") || mediaType.contains(".nondistributable.")
        }
    }

    private struct Document: Decodable {
        let mediaType: String?
        let config: Descriptor?
        let layers: [Descriptor]?
        let manifests: [Descriptor]?
    }

    /// Reads `text` as a manifest or manifest list.
    ///
    /// - Throws: `ImageManifestError` when the text is not JSON of either shape, or a digest is not
    ///   `sha256:` and 64 lowercase hex digits, the only algorithm ECR stores.
    public init(parsing text: String) throws(ImageManifestError) {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(text.utf8))
        } catch {
            throw ImageManifestError("is not a manifest or manifest list: \(error)")
        }
        if let children = document.manifests {
            try Self.checkDigests(children)
            self = .index(children: children)
            return
        }
        guard let config = document.config, let layers = document.layers else {
            throw ImageManifestError("has neither 'manifests' nor both 'config' and 'layers'")
        }
        let blobs = [config] + layers.filter { !$0.isForeign }
        try Self.checkDigests(blobs)
        self = .image(blobs: blobs)
    }

    /// Returns the `mediaType` member of the manifest, or nil when it has none.
    public static func mediaType(of text: String) -> String? {
        struct MediaTypeOnly: Decodable {
            let mediaType: String?
        }
        return (try? JSONDecoder().decode(MediaTypeOnly.self, from: Data(text.utf8)))?.mediaType
    }

    /// True when `digest` is `sha256:` followed by 64 lowercase hex digits.
    public static func isSHA256Digest(_ digest: String) -> Bool {
        let prefix = "sha256:"
        guard digest.hasPrefix(prefix) else {
            return false
        }
        let hex = digest.utf8.dropFirst(prefix.utf8.count)
        return hex.count == 64 && hex.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    private static func checkDigests(_ descriptors: [Descriptor]) throws(ImageManifestError) {
        for descriptor in descriptors {
            guard Self.isSHA256Digest(descriptor.digest) else {
                throw ImageManifestError("references digest '\(descriptor.digest)', which is not a sha256 digest")
            }
            guard descriptor.size >= 0 else {
                throw ImageManifestError("gives size \(descriptor.size) for \(descriptor.digest)")
            }
        }
    }
}

/// A manifest the copier cannot read; the message completes the sentence "The manifest …".
public struct ImageManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String {
        "The manifest \(self.message)."
    }
}
