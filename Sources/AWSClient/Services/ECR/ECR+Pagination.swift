extension ECR {
    /// Returns the pages of DescribeRepositories.
    public func describeRepositoriesPages(
        _ request: DescribeRepositoriesRequest = DescribeRepositoriesRequest()
    ) -> AWSPages<DescribeRepositoriesRequest, DescribeRepositoriesResponse> {
        AWSPages(
            request: request,
            fetch: { try await self.describeRepositories($0) },
            nextToken: { $0.nextToken },
            withToken: { request, token in
                var next = request
                next.nextToken = token
                return next
            }
        )
    }

    /// Returns every repository matching `request`, following `nextToken`.
    public func allRepositories(
        _ request: DescribeRepositoriesRequest = DescribeRepositoriesRequest()
    ) async throws -> [Repository] {
        try await self.describeRepositoriesPages(request).collect { $0.repositories }
    }

    /// Returns the pages of DescribeImages.
    public func describeImagesPages(
        _ request: DescribeImagesRequest
    ) -> AWSPages<DescribeImagesRequest, DescribeImagesResponse> {
        AWSPages(
            request: request,
            fetch: { try await self.describeImages($0) },
            nextToken: { $0.nextToken },
            withToken: { request, token in
                var next = request
                next.nextToken = token
                return next
            }
        )
    }

    /// Returns the details of every image matching `request`, following `nextToken`.
    public func allImageDetails(_ request: DescribeImagesRequest) async throws -> [ImageDetail] {
        try await self.describeImagesPages(request).collect { $0.imageDetails }
    }

    /// Returns the pages of ListImages.
    public func listImagesPages(_ request: ListImagesRequest) -> AWSPages<ListImagesRequest, ListImagesResponse> {
        AWSPages(
            request: request,
            fetch: { try await self.listImages($0) },
            nextToken: { $0.nextToken },
            withToken: { request, token in
                var next = request
                next.nextToken = token
                return next
            }
        )
    }

    /// Returns the id of every image matching `request`, following `nextToken`.
    public func allImageIds(_ request: ListImagesRequest) async throws -> [ImageIdentifier] {
        try await self.listImagesPages(request).collect { $0.imageIds }
    }

    /// Returns the pages of DescribeImageScanFindings.
    public func describeImageScanFindingsPages(
        _ request: DescribeImageScanFindingsRequest
    ) -> AWSPages<DescribeImageScanFindingsRequest, DescribeImageScanFindingsResponse> {
        AWSPages(
            request: request,
            fetch: { try await self.describeImageScanFindings($0) },
            nextToken: { $0.nextToken },
            withToken: { request, token in
                var next = request
                next.nextToken = token
                return next
            }
        )
    }
}
