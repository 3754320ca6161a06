extension ECR {
    /// Returns one page of image details; see ``describeImagesPages(_:)`` and ``allImageDetails(_:)``.
    public func describeImages(_ request: DescribeImagesRequest) async throws -> DescribeImagesResponse {
        try await self.call("DescribeImages", request)
    }

    /// Returns one page of image ids; see ``listImagesPages(_:)`` and ``allImageIds(_:)``.
    public func listImages(_ request: ListImagesRequest) async throws -> ListImagesResponse {
        try await self.call("ListImages", request)
    }

    /// Returns the manifests of the requested images; images not found are listed in `failures`.
    public func batchGetImage(_ request: BatchGetImageRequest) async throws -> BatchGetImageResponse {
        try await self.call("BatchGetImage", request)
    }

    /// Stores a manifest, tagged when `request.imageTag` is set. The request always carries the digest of
    /// the manifest bytes.
    /// - Throws: ``AWSError`` with ``AWSError/isTagConflict`` when the tag exists in an immutable repository.
    public func putImage(_ request: PutImageRequest) async throws -> PutImageResponse {
        try await self.call("PutImage", request)
    }

    /// Deletes images; the ones that could not be deleted come back in `failures` rather than as an error.
    public func batchDeleteImage(_ request: BatchDeleteImageRequest) async throws -> BatchDeleteImageResponse {
        try await self.call("BatchDeleteImage", request)
    }

    public func describeImageReplicationStatus(
        _ request: DescribeImageReplicationStatusRequest
    ) async throws -> DescribeImageReplicationStatusResponse {
        try await self.call("DescribeImageReplicationStatus", request)
    }

    /// Starts a basic scan of one image; its findings are then read with ``describeImageScanFindings(_:)``.
    public func startImageScan(_ request: StartImageScanRequest) async throws -> StartImageScanResponse {
        try await self.call("StartImageScan", request)
    }

    /// Returns one page of scan findings; see ``describeImageScanFindingsPages(_:)``.
    public func describeImageScanFindings(
        _ request: DescribeImageScanFindingsRequest
    ) async throws -> DescribeImageScanFindingsResponse {
        try await self.call("DescribeImageScanFindings", request)
    }

    // MARK: Layers

    public func batchCheckLayerAvailability(
        _ request: BatchCheckLayerAvailabilityRequest
    ) async throws -> BatchCheckLayerAvailabilityResponse {
        try await self.call("BatchCheckLayerAvailability", request)
    }

    public func initiateLayerUpload(_ request: InitiateLayerUploadRequest) async throws -> InitiateLayerUploadResponse {
        try await self.call("InitiateLayerUpload", request)
    }

    public func uploadLayerPart(_ request: UploadLayerPartRequest) async throws -> UploadLayerPartResponse {
        try await self.call("UploadLayerPart", request)
    }

    public func completeLayerUpload(_ request: CompleteLayerUploadRequest) async throws -> CompleteLayerUploadResponse {
        try await self.call("CompleteLayerUpload", request)
    }

    public func getDownloadUrlForLayer(
        _ request: GetDownloadUrlForLayerRequest
    ) async throws -> GetDownloadUrlForLayerResponse {
        try await self.call("GetDownloadUrlForLayer", request)
    }
}
