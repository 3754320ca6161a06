import AWSClient
import Foundation
import Observability

/// An image in a repository, as `GET /v1/repositories/{name}/images` lists it.
public struct RepositoryImage: Sendable, Hashable, Encodable {
    public let digest: String
    /// Sorted tags; empty for an untagged image.
    public let tags: [String]
    /// RFC 3339 UTC time with milliseconds.
    public let pushedAt: String?
    public let sizeInBytes: Int?
    public let manifestMediaType: String?
    /// ECR's scan status, such as `COMPLETE` or `FAILED`; nil when the image was never scanned.
    public let scanStatus: String?
    public let scanStatusDescription: String?
    let pushedAtDate: Date?

    init(_ detail: ImageDetail) {
        self.digest = detail.imageDigest ?? ""
        self.tags = (detail.imageTags ?? []).sorted()
        self.pushedAtDate = detail.imagePushedAt
        self.pushedAt = detail.imagePushedAt.map(RFC3339.string(from:))
        self.sizeInBytes = detail.imageSizeInBytes
        self.manifestMediaType = detail.imageManifestMediaType
        self.scanStatus = detail.imageScanStatus?.status
        self.scanStatusDescription = detail.imageScanStatus?.description
    }

    /// The paging key: newest first, then by digest. Push times are inverted into a fixed-width number so
    /// that ascending text order is newest first.
    var sortKey: String {
        let milliseconds = Int64(((self.pushedAtDate ?? .distantPast).timeIntervalSince1970 * 1_000).rounded())
        let inverted = String(Int64(100_000_000_000_000) - milliseconds)
        return String(repeating: "0", count: max(0, 16 - inverted.count)) + inverted + "|" + self.digest
    }

    private enum CodingKeys: String, CodingKey {
        case digest, tags, pushedAt, sizeInBytes, manifestMediaType, scanStatus, scanStatusDescription
    }
}
