import ControlPlane
import Testing

@Suite struct CopyManifestTests {
    static let configDigest = "sha256:" + String(repeating: "a", count: 64)
    static let layerDigest = "sha256:" + String(repeating: "b", count: 64)
    static let foreignDigest = "sha256:" + String(repeating: "c", count: 64)

    @Test func dockerManifestBlobs() throws {
        let text = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7,"digest":"\(Self.configDigest)"},
             "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":9,"digest":"\(Self.layerDigest)"},
                       {"mediaType":"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip","size":5,
                        "digest":"\(Self.foreignDigest)","urls":["https://example.com/layer"]}]}
            """
        let manifest = try ImageManifest(parsing: text)
        guard case .image(let blobs) = manifest else {
            Issue.record("expected an image manifest, got \(manifest)")
            return
        }
        #expect(blobs.map(\.digest) == [Self.configDigest, Self.layerDigest])
        #expect(blobs.map(\.size) == [7, 9])
        #expect(ImageManifest.mediaType(of: text) == "application/vnd.docker.distribution.manifest.v2+json")
    }

    @Test func ociIndexChildren() throws {
        let text = """
            {"schemaVersion":2,"manifests":[
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":500,"digest":"\(Self.configDigest)"},
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":501,"digest":"\(Self.layerDigest)"}]}
            """
        let manifest = try ImageManifest(parsing: text)
        #expect(
            manifest
                == .index(children: [
                    ImageManifest.Descriptor(
                        mediaType: "application/vnd.oci.image.manifest.v1+json",
                        digest: Self.configDigest,
                        size: 500
                    ),
                    ImageManifest.Descriptor(
                        mediaType: "application/vnd.oci.image.manifest.v1+json",
                        digest: Self.layerDigest,
                        size: 501
                    ),
                ])
        )
        #expect(ImageManifest.mediaType(of: text) == nil)
    }

    @Test(arguments: [
        "not json",
        #"{"schemaVersion":2}"#,
        #"{"config":{"size":1,"digest":"sha512:abc"},"layers":[]}"#,
        #"{"config":{"size":-1,"digest":"sha256:\#(String(repeating: "a", count: 64))"},"layers":[]}"#,
        #"{"manifests":[{"size":1,"digest":"sha256:ABC"}]}"#,
    ])
    func unreadableManifests(text: String) {
        #expect(throws: ImageManifestError.self) {
            _ = try ImageManifest(parsing: text)
        }
    }

    @Test func digestForm() {
        #expect(ImageManifest.isSHA256Digest(Self.configDigest))
        #expect(!ImageManifest.isSHA256Digest("sha256:" + String(repeating: "A", count: 64)))
        #expect(!ImageManifest.isSHA256Digest("sha256:" + String(repeating: "a", count: 63)))
        #expect(!ImageManifest.isSHA256Digest(String(repeating: "a", count: 71)))
    }
}
