import Foundation

public struct DescribeImagesRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var registryId: String?
    public var imageIds: [ImageIdentifier]?
    public var nextToken: String?
    public var maxResults: Int?
    public var filter: ImageFilter?

    public init(
        repositoryName: String,
        registryId: String? = nil,
        imageIds: [ImageIdentifier]? = nil,
        nextToken: String? = nil,
        maxResults: Int? = nil,
        filter: ImageFilter? = nil
    ) {
        self.repositoryName = repositoryName
        self.registryId = registryId
        self.imageIds = imageIds
        self.nextToken = nextToken
        self.maxResults = maxResults
        self.filter = filter
    }
}

public struct DescribeImagesResponse: Codable, Sendable, Equatable {
    public var imageDetails: [ImageDetail]?
    public var nextToken: String?

    public init(imageDetails: [ImageDetail]? = nil, nextToken: String? = nil) {
        self.imageDetails = imageDetails
        self.nextToken = nextToken
    }
}

public struct ListImagesRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var registryId: String?
    public var nextToken: String?
    public var maxResults: Int?
    public var filter: ImageFilter?

    public init(
        repositoryName: String,
        registryId: String? = nil,
        nextToken: String? = nil,
        maxResults: Int? = nil,
        filter: ImageFilter? = nil
    ) {
        self.repositoryName = repositoryName
        self.registryId = registryId
        self.nextToken = nextToken
        self.maxResults = maxResults
        self.filter = filter
    }
}

public struct ListImagesResponse: Codable, Sendable, Equatable {
    public var imageIds: [ImageIdentifier]?
    public var nextToken: String?

    public init(imageIds: [ImageIdentifier]? = nil, nextToken: String? = nil) {
        self.imageIds = imageIds
        self.nextToken = nextToken
    }
}

public struct BatchGetImageRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var imageIds: [ImageIdentifier]
    public var registryId: String?
    public var acceptedMediaTypes: [String]?

    public init(
        repositoryName: String,
        imageIds: [ImageIdentifier],
        registryId: String? = nil,
        acceptedMediaTypes: [String]? = nil
    ) {
        self.repositoryName = repositoryName
        self.imageIds = imageIds
        self.registryId = registryId
        self.acceptedMediaTypes = acceptedMediaTypes
    }
}

public struct BatchGetImageResponse: Codable, Sendable, Equatable {
    public var images: [Image]?
    public var failures: [ImageFailure]?

    public init(images: [Image]? = nil, failures: [ImageFailure]? = nil) {
        self.images = images
        self.failures = failures
    }
}

public struct PutImageResponse: Codable, Sendable, Equatable {
    public var image: Image?

    public init(image: Image? = nil) {
        self.image = image
    }
}

public struct BatchDeleteImageRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var imageIds: [ImageIdentifier]
    public var registryId: String?

    public init(repositoryName: String, imageIds: [ImageIdentifier], registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.imageIds = imageIds
        self.registryId = registryId
    }
}

public struct BatchDeleteImageResponse: Codable, Sendable, Equatable {
    /// The images deleted.
    public var imageIds: [ImageIdentifier]?
    /// The images not deleted, each with its failure code, such as `ImageNotFound`.
    public var failures: [ImageFailure]?

    public init(imageIds: [ImageIdentifier]? = nil, failures: [ImageFailure]? = nil) {
        self.imageIds = imageIds
        self.failures = failures
    }
}

public struct BatchCheckLayerAvailabilityRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var layerDigests: [String]
    public var registryId: String?

    public init(repositoryName: String, layerDigests: [String], registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.layerDigests = layerDigests
        self.registryId = registryId
    }
}

public struct BatchCheckLayerAvailabilityResponse: Codable, Sendable, Equatable {
    public var layers: [Layer]?
    public var failures: [LayerFailure]?

    public init(layers: [Layer]? = nil, failures: [LayerFailure]? = nil) {
        self.layers = layers
        self.failures = failures
    }
}

public struct InitiateLayerUploadRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var registryId: String?

    public init(repositoryName: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
    }
}

public struct InitiateLayerUploadResponse: Codable, Sendable, Equatable {
    public var uploadId: String?
    public var partSize: Int?

    public init(uploadId: String? = nil, partSize: Int? = nil) {
        self.uploadId = uploadId
        self.partSize = partSize
    }
}

public struct UploadLayerPartRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var uploadId: String
    public var partFirstByte: Int
    /// The offset of the part's last byte, inclusive.
    public var partLastByte: Int
    /// The part's bytes, sent base64-encoded.
    public var layerPartBlob: Data
    public var registryId: String?

    public init(
        repositoryName: String,
        uploadId: String,
        partFirstByte: Int,
        partLastByte: Int,
        layerPartBlob: Data,
        registryId: String? = nil
    ) {
        self.repositoryName = repositoryName
        self.uploadId = uploadId
        self.partFirstByte = partFirstByte
        self.partLastByte = partLastByte
        self.layerPartBlob = layerPartBlob
        self.registryId = registryId
    }
}

public struct UploadLayerPartResponse: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var uploadId: String?
    public var lastByteReceived: Int?

    public init(
        registryId: String? = nil,
        repositoryName: String? = nil,
        uploadId: String? = nil,
        lastByteReceived: Int? = nil
    ) {
        self.registryId = registryId
        self.repositoryName = repositoryName
        self.uploadId = uploadId
        self.lastByteReceived = lastByteReceived
    }
}

public struct CompleteLayerUploadRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var uploadId: String
    public var layerDigests: [String]
    public var registryId: String?

    public init(repositoryName: String, uploadId: String, layerDigests: [String], registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.uploadId = uploadId
        self.layerDigests = layerDigests
        self.registryId = registryId
    }
}

public struct CompleteLayerUploadResponse: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var uploadId: String?
    public var layerDigest: String?

    public init(
        registryId: String? = nil,
        repositoryName: String? = nil,
        uploadId: String? = nil,
        layerDigest: String? = nil
    ) {
        self.registryId = registryId
        self.repositoryName = repositoryName
        self.uploadId = uploadId
        self.layerDigest = layerDigest
    }
}

public struct GetDownloadUrlForLayerRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var layerDigest: String
    public var registryId: String?

    public init(repositoryName: String, layerDigest: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.layerDigest = layerDigest
        self.registryId = registryId
    }
}

public struct GetDownloadUrlForLayerResponse: Codable, Sendable, Equatable {
    public var downloadUrl: String?
    public var layerDigest: String?

    public init(downloadUrl: String? = nil, layerDigest: String? = nil) {
        self.downloadUrl = downloadUrl
        self.layerDigest = layerDigest
    }
}

public struct DescribeImageReplicationStatusRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var imageId: ImageIdentifier
    public var registryId: String?

    public init(repositoryName: String, imageId: ImageIdentifier, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.imageId = imageId
        self.registryId = registryId
    }
}

public struct DescribeImageReplicationStatusResponse: Codable, Sendable, Equatable {
    public var repositoryName: String?
    public var imageId: ImageIdentifier?
    public var replicationStatuses: [ImageReplicationStatus]?

    public init(
        repositoryName: String? = nil,
        imageId: ImageIdentifier? = nil,
        replicationStatuses: [ImageReplicationStatus]? = nil
    ) {
        self.repositoryName = repositoryName
        self.imageId = imageId
        self.replicationStatuses = replicationStatuses
    }
}

public struct DescribeImageScanFindingsRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var imageId: ImageIdentifier
    public var registryId: String?
    public var nextToken: String?
    public var maxResults: Int?

    public init(
        repositoryName: String,
        imageId: ImageIdentifier,
        registryId: String? = nil,
        nextToken: String? = nil,
        maxResults: Int? = nil
    ) {
        self.repositoryName = repositoryName
        self.imageId = imageId
        self.registryId = registryId
        self.nextToken = nextToken
        self.maxResults = maxResults
    }
}

public struct DescribeImageScanFindingsResponse: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var imageId: ImageIdentifier?
    public var imageScanStatus: ImageScanStatus?
    public var imageScanFindings: ImageScanFindings?
    public var nextToken: String?

    public init(
        registryId: String? = nil,
        repositoryName: String? = nil,
        imageId: ImageIdentifier? = nil,
        imageScanStatus: ImageScanStatus? = nil,
        imageScanFindings: ImageScanFindings? = nil,
        nextToken: String? = nil
    ) {
        self.registryId = registryId
        self.repositoryName = repositoryName
        self.imageId = imageId
        self.imageScanStatus = imageScanStatus
        self.imageScanFindings = imageScanFindings
        self.nextToken = nextToken
    }
}

public struct GetAuthorizationTokenRequest: Codable, Sendable, Equatable {
    public var registryIds: [String]?

    public init(registryIds: [String]? = nil) {
        self.registryIds = registryIds
    }
}

public struct GetAuthorizationTokenResponse: Codable, Sendable, Equatable {
    public var authorizationData: [AuthorizationData]?

    public init(authorizationData: [AuthorizationData]? = nil) {
        self.authorizationData = authorizationData
    }
}

public struct StartImageScanRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var imageId: ImageIdentifier
    public var registryId: String?

    public init(repositoryName: String, imageId: ImageIdentifier, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.imageId = imageId
        self.registryId = registryId
    }
}

public struct StartImageScanResponse: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var imageId: ImageIdentifier?
    public var imageScanStatus: ImageScanStatus?

    public init(
        registryId: String? = nil,
        repositoryName: String? = nil,
        imageId: ImageIdentifier? = nil,
        imageScanStatus: ImageScanStatus? = nil
    ) {
        self.registryId = registryId
        self.repositoryName = repositoryName
        self.imageId = imageId
        self.imageScanStatus = imageScanStatus
    }
}
