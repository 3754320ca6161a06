import AWSClient

/// A copy that failed, with the step, the registry and the manifest or blob involved.
public struct ImageCopyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The step of the copy that failed.
    public enum Step: String, Sendable, Equatable {
        /// Describing the source repository or creating the destination repository.
        case ensureRepository = "ensure_repository"
        /// BatchGetImage or DescribeImages in the source, or a manifest that cannot be copied.
        case readManifest = "read_manifest"
        /// BatchCheckLayerAvailability in the destination.
        case checkBlobs = "check_blobs"
        /// GetDownloadUrlForLayer or the download itself.
        case downloadBlob = "download_blob"
        /// InitiateLayerUpload, UploadLayerPart or CompleteLayerUpload.
        case uploadBlob = "upload_blob"
        /// The downloaded bytes of a blob do not hash to its digest.
        case blobDigestMismatch = "blob_digest_mismatch"
        /// PutImage, or the digest it returned.
        case putManifest = "put_manifest"
        /// The destination repository is immutable and the tag already names another image.
        case tagConflict = "tag_conflict"
    }

    public let step: Step
    public let repository: String
    /// The region and registry where the failing call went.
    public let region: String
    public let registryId: String
    /// The digest of the manifest or blob involved, when the step concerns one.
    public let digest: String?
    public let message: String
    /// The AWS error behind the failure, when an AWS call failed.
    public let awsError: AWSError?

    public init(
        _ step: Step,
        repository: String,
        region: String,
        registryId: String,
        digest: String? = nil,
        message: String,
        awsError: AWSError? = nil
    ) {
        self.step = step
        self.repository = repository
        self.region = region
        self.registryId = registryId
        self.digest = digest
        self.message = message
        self.awsError = awsError
    }

    /// True when running the copy again may succeed: a connection failure, a timeout, throttling or a
    /// 5xx response. Digest mismatches, tag conflicts and missing images fail again the same way.
    public var isRetryable: Bool {
        guard let awsError = self.awsError else {
            return self.step == .downloadBlob
        }
        if awsError.isTransportError {
            return true
        }
        if let status = awsError.statusCode, status >= 500 || status == 429 {
            return true
        }
        return awsError.code.contains("Throttl") || awsError.code == "TooManyRequestsException"
    }

    public var description: String {
        var text = "Image copy failed at \(self.step.rawValue) for repository \(self.repository) in "
        text += "\(self.region) (registry \(self.registryId))"
        if let digest = self.digest {
            text += ", digest \(digest)"
        }
        text += ": \(self.message)"
        if let awsError = self.awsError {
            text += " [\(awsError.description)]"
        }
        return text
    }
}
