import Foundation

/// Whether pushing an existing tag again is allowed.
public enum ImageTagMutability: String, Codable, Sendable, Equatable, CaseIterable {
    case mutable = "MUTABLE"
    case immutable = "IMMUTABLE"
}

/// A resource tag.
public struct ECRTag: Codable, Sendable, Equatable {
    public var key: String
    public var value: String

    enum CodingKeys: String, CodingKey {
        case key = "Key"
        case value = "Value"
    }

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// Whether images are scanned when pushed.
public struct ImageScanningConfiguration: Codable, Sendable, Equatable {
    public var scanOnPush: Bool

    public init(scanOnPush: Bool) {
        self.scanOnPush = scanOnPush
    }
}

/// The encryption of a repository's images at rest.
public struct EncryptionConfiguration: Codable, Sendable, Equatable {
    /// `AES256` or `KMS`.
    public var encryptionType: String
    public var kmsKey: String?

    public init(encryptionType: String, kmsKey: String? = nil) {
        self.encryptionType = encryptionType
        self.kmsKey = kmsKey
    }
}

/// An ECR repository.
public struct Repository: Codable, Sendable, Equatable {
    public var repositoryArn: String?
    public var registryId: String?
    public var repositoryName: String
    public var repositoryUri: String?
    public var createdAt: Date?
    public var imageTagMutability: ImageTagMutability?
    public var imageScanningConfiguration: ImageScanningConfiguration?
    public var encryptionConfiguration: EncryptionConfiguration?

    public init(
        repositoryArn: String? = nil,
        registryId: String? = nil,
        repositoryName: String,
        repositoryUri: String? = nil,
        createdAt: Date? = nil,
        imageTagMutability: ImageTagMutability? = nil,
        imageScanningConfiguration: ImageScanningConfiguration? = nil,
        encryptionConfiguration: EncryptionConfiguration? = nil
    ) {
        self.repositoryArn = repositoryArn
        self.registryId = registryId
        self.repositoryName = repositoryName
        self.repositoryUri = repositoryUri
        self.createdAt = createdAt
        self.imageTagMutability = imageTagMutability
        self.imageScanningConfiguration = imageScanningConfiguration
        self.encryptionConfiguration = encryptionConfiguration
    }
}

/// An image named by digest, tag, or both.
public struct ImageIdentifier: Codable, Sendable, Equatable {
    public var imageDigest: String?
    public var imageTag: String?

    public init(imageDigest: String? = nil, imageTag: String? = nil) {
        self.imageDigest = imageDigest
        self.imageTag = imageTag
    }
}

/// The failure of one image in a batch call.
public struct ImageFailure: Codable, Sendable, Equatable {
    public var imageId: ImageIdentifier?
    public var failureCode: String?
    public var failureReason: String?

    public init(imageId: ImageIdentifier? = nil, failureCode: String? = nil, failureReason: String? = nil) {
        self.imageId = imageId
        self.failureCode = failureCode
        self.failureReason = failureReason
    }
}

/// The state of an image scan.
public struct ImageScanStatus: Codable, Sendable, Equatable {
    public var status: String?
    public var description: String?

    public init(status: String? = nil, description: String? = nil) {
        self.status = status
        self.description = description
    }
}

/// Metadata of one image from DescribeImages.
public struct ImageDetail: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var imageDigest: String?
    public var imageTags: [String]?
    public var imageSizeInBytes: Int?
    public var imagePushedAt: Date?
    public var imageManifestMediaType: String?
    public var artifactMediaType: String?
    public var imageScanStatus: ImageScanStatus?
    public var lastRecordedPullTime: Date?

    public init(
        registryId: String? = nil,
        repositoryName: String? = nil,
        imageDigest: String? = nil,
        imageTags: [String]? = nil,
        imageSizeInBytes: Int? = nil,
        imagePushedAt: Date? = nil,
        imageManifestMediaType: String? = nil,
        artifactMediaType: String? = nil,
        imageScanStatus: ImageScanStatus? = nil,
        lastRecordedPullTime: Date? = nil
    ) {
        self.registryId = registryId
        self.repositoryName = repositoryName
        self.imageDigest = imageDigest
        self.imageTags = imageTags
        self.imageSizeInBytes = imageSizeInBytes
        self.imagePushedAt = imagePushedAt
        self.imageManifestMediaType = imageManifestMediaType
        self.artifactMediaType = artifactMediaType
        self.imageScanStatus = imageScanStatus
        self.lastRecordedPullTime = lastRecordedPullTime
    }
}

/// An image with its manifest from BatchGetImage or PutImage.
public struct Image: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var imageId: ImageIdentifier?
    /// The manifest exactly as stored; its SHA-256 is the image digest.
    public var imageManifest: String?
    public var imageManifestMediaType: String?

    public init(
        registryId: String? = nil,
        repositoryName: String? = nil,
        imageId: ImageIdentifier? = nil,
        imageManifest: String? = nil,
        imageManifestMediaType: String? = nil
    ) {
        self.registryId = registryId
        self.repositoryName = repositoryName
        self.imageId = imageId
        self.imageManifest = imageManifest
        self.imageManifestMediaType = imageManifestMediaType
    }
}

/// A DescribeImages or ListImages filter.
public struct ImageFilter: Codable, Sendable, Equatable {
    /// `TAGGED`, `UNTAGGED` or `ANY`.
    public var tagStatus: String?

    public init(tagStatus: String? = nil) {
        self.tagStatus = tagStatus
    }
}

/// The availability of one layer from BatchCheckLayerAvailability.
public struct Layer: Codable, Sendable, Equatable {
    public var layerDigest: String?
    /// `AVAILABLE` or `UNAVAILABLE`.
    public var layerAvailability: String?
    public var layerSize: Int?
    public var mediaType: String?

    public init(
        layerDigest: String? = nil,
        layerAvailability: String? = nil,
        layerSize: Int? = nil,
        mediaType: String? = nil
    ) {
        self.layerDigest = layerDigest
        self.layerAvailability = layerAvailability
        self.layerSize = layerSize
        self.mediaType = mediaType
    }
}

/// The failure of one layer in a batch call.
public struct LayerFailure: Codable, Sendable, Equatable {
    public var layerDigest: String?
    public var failureCode: String?
    public var failureReason: String?

    public init(layerDigest: String? = nil, failureCode: String? = nil, failureReason: String? = nil) {
        self.layerDigest = layerDigest
        self.failureCode = failureCode
        self.failureReason = failureReason
    }
}

/// A region and registry that receives replicated images.
public struct ReplicationDestination: Codable, Sendable, Equatable {
    public var region: String
    public var registryId: String

    public init(region: String, registryId: String) {
        self.region = region
        self.registryId = registryId
    }
}

/// A repository name prefix that selects repositories for a replication rule.
public struct RepositoryFilter: Codable, Sendable, Equatable {
    public var filter: String
    public var filterType: String

    public init(filter: String, filterType: String = "PREFIX_MATCH") {
        self.filter = filter
        self.filterType = filterType
    }
}

/// Destinations and the repositories replicated to them.
public struct ReplicationRule: Codable, Sendable, Equatable {
    public var destinations: [ReplicationDestination]
    public var repositoryFilters: [RepositoryFilter]?

    public init(destinations: [ReplicationDestination], repositoryFilters: [RepositoryFilter]? = nil) {
        self.destinations = destinations
        self.repositoryFilters = repositoryFilters
    }
}

/// The registry's replication rules.
public struct ReplicationConfiguration: Codable, Sendable, Equatable {
    public var rules: [ReplicationRule]

    public init(rules: [ReplicationRule]) {
        self.rules = rules
    }
}

/// The replication state of an image in one destination.
public struct ImageReplicationStatus: Codable, Sendable, Equatable {
    public var region: String?
    public var registryId: String?
    /// `IN_PROGRESS`, `COMPLETE` or `FAILED`.
    public var status: String?
    public var failureCode: String?

    public init(region: String? = nil, registryId: String? = nil, status: String? = nil, failureCode: String? = nil) {
        self.region = region
        self.registryId = registryId
        self.status = status
        self.failureCode = failureCode
    }
}

/// A registry login token.
public struct AuthorizationData: Codable, Sendable, Equatable {
    /// Base64 of `AWS:<password>`.
    public var authorizationToken: String?
    public var expiresAt: Date?
    public var proxyEndpoint: String?

    public init(authorizationToken: String? = nil, expiresAt: Date? = nil, proxyEndpoint: String? = nil) {
        self.authorizationToken = authorizationToken
        self.expiresAt = expiresAt
        self.proxyEndpoint = proxyEndpoint
    }
}

/// One vulnerability finding of a basic scan.
public struct ImageScanFinding: Codable, Sendable, Equatable {
    public var name: String?
    public var description: String?
    public var uri: String?
    public var severity: String?

    public init(name: String? = nil, description: String? = nil, uri: String? = nil, severity: String? = nil) {
        self.name = name
        self.description = description
        self.uri = uri
        self.severity = severity
    }
}

/// The result of an image scan.
public struct ImageScanFindings: Codable, Sendable, Equatable {
    public var imageScanCompletedAt: Date?
    public var vulnerabilitySourceUpdatedAt: Date?
    public var findingSeverityCounts: [String: Int]?
    public var findings: [ImageScanFinding]?

    public init(
        imageScanCompletedAt: Date? = nil,
        vulnerabilitySourceUpdatedAt: Date? = nil,
        findingSeverityCounts: [String: Int]? = nil,
        findings: [ImageScanFinding]? = nil
    ) {
        self.imageScanCompletedAt = imageScanCompletedAt
        self.vulnerabilitySourceUpdatedAt = vulnerabilitySourceUpdatedAt
        self.findingSeverityCounts = findingSeverityCounts
        self.findings = findings
    }
}
