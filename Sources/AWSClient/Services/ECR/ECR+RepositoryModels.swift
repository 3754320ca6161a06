import Foundation

public struct CreateRepositoryRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var registryId: String?
    public var tags: [ECRTag]?
    public var imageTagMutability: ImageTagMutability?
    public var imageScanningConfiguration: ImageScanningConfiguration?
    public var encryptionConfiguration: EncryptionConfiguration?

    public init(
        repositoryName: String,
        registryId: String? = nil,
        tags: [ECRTag]? = nil,
        imageTagMutability: ImageTagMutability? = nil,
        imageScanningConfiguration: ImageScanningConfiguration? = nil,
        encryptionConfiguration: EncryptionConfiguration? = nil
    ) {
        self.repositoryName = repositoryName
        self.registryId = registryId
        self.tags = tags
        self.imageTagMutability = imageTagMutability
        self.imageScanningConfiguration = imageScanningConfiguration
        self.encryptionConfiguration = encryptionConfiguration
    }
}

public struct CreateRepositoryResponse: Codable, Sendable, Equatable {
    public var repository: Repository?

    public init(repository: Repository? = nil) {
        self.repository = repository
    }
}

public struct DescribeRepositoriesRequest: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryNames: [String]?
    public var nextToken: String?
    public var maxResults: Int?

    public init(
        registryId: String? = nil,
        repositoryNames: [String]? = nil,
        nextToken: String? = nil,
        maxResults: Int? = nil
    ) {
        self.registryId = registryId
        self.repositoryNames = repositoryNames
        self.nextToken = nextToken
        self.maxResults = maxResults
    }
}

public struct DescribeRepositoriesResponse: Codable, Sendable, Equatable {
    public var repositories: [Repository]?
    public var nextToken: String?

    public init(repositories: [Repository]? = nil, nextToken: String? = nil) {
        self.repositories = repositories
        self.nextToken = nextToken
    }
}

public struct DeleteRepositoryRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var registryId: String?
    /// Deletes the images too; without it a repository that has images is not deleted.
    public var force: Bool?

    public init(repositoryName: String, registryId: String? = nil, force: Bool? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
        self.force = force
    }
}

public struct DeleteRepositoryResponse: Codable, Sendable, Equatable {
    public var repository: Repository?

    public init(repository: Repository? = nil) {
        self.repository = repository
    }
}

public struct PutImageScanningConfigurationRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var imageScanningConfiguration: ImageScanningConfiguration
    public var registryId: String?

    public init(
        repositoryName: String,
        imageScanningConfiguration: ImageScanningConfiguration,
        registryId: String? = nil
    ) {
        self.repositoryName = repositoryName
        self.imageScanningConfiguration = imageScanningConfiguration
        self.registryId = registryId
    }
}

public struct PutImageScanningConfigurationResponse: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var imageScanningConfiguration: ImageScanningConfiguration?

    public init(
        registryId: String? = nil,
        repositoryName: String? = nil,
        imageScanningConfiguration: ImageScanningConfiguration? = nil
    ) {
        self.registryId = registryId
        self.repositoryName = repositoryName
        self.imageScanningConfiguration = imageScanningConfiguration
    }
}

public struct PutImageTagMutabilityRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var imageTagMutability: ImageTagMutability
    public var registryId: String?

    public init(repositoryName: String, imageTagMutability: ImageTagMutability, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.imageTagMutability = imageTagMutability
        self.registryId = registryId
    }
}

public struct PutImageTagMutabilityResponse: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var imageTagMutability: ImageTagMutability?

    public init(
        registryId: String? = nil,
        repositoryName: String? = nil,
        imageTagMutability: ImageTagMutability? = nil
    ) {
        self.registryId = registryId
        self.repositoryName = repositoryName
        self.imageTagMutability = imageTagMutability
    }
}

public struct TagResourceRequest: Codable, Sendable, Equatable {
    public var resourceArn: String
    public var tags: [ECRTag]

    public init(resourceArn: String, tags: [ECRTag]) {
        self.resourceArn = resourceArn
        self.tags = tags
    }
}

public struct PutLifecyclePolicyRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var lifecyclePolicyText: String
    public var registryId: String?

    public init(repositoryName: String, lifecyclePolicyText: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.lifecyclePolicyText = lifecyclePolicyText
        self.registryId = registryId
    }
}

/// The input of GetLifecyclePolicy and DeleteLifecyclePolicy.
public struct LifecyclePolicyRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var registryId: String?

    public init(repositoryName: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
    }
}

/// The output of Put, Get and DeleteLifecyclePolicy.
public struct LifecyclePolicyResponse: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var lifecyclePolicyText: String?
    public var lastEvaluatedAt: Date?

    public init(
        registryId: String? = nil,
        repositoryName: String? = nil,
        lifecyclePolicyText: String? = nil,
        lastEvaluatedAt: Date? = nil
    ) {
        self.registryId = registryId
        self.repositoryName = repositoryName
        self.lifecyclePolicyText = lifecyclePolicyText
        self.lastEvaluatedAt = lastEvaluatedAt
    }
}

public struct SetRepositoryPolicyRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var policyText: String
    public var registryId: String?
    public var force: Bool?

    public init(repositoryName: String, policyText: String, registryId: String? = nil, force: Bool? = nil) {
        self.repositoryName = repositoryName
        self.policyText = policyText
        self.registryId = registryId
        self.force = force
    }
}

/// The input of GetRepositoryPolicy and DeleteRepositoryPolicy.
public struct RepositoryPolicyRequest: Codable, Sendable, Equatable {
    public var repositoryName: String
    public var registryId: String?

    public init(repositoryName: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
    }
}

/// The output of Set, Get and DeleteRepositoryPolicy.
public struct RepositoryPolicyResponse: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var policyText: String?

    public init(registryId: String? = nil, repositoryName: String? = nil, policyText: String? = nil) {
        self.registryId = registryId
        self.repositoryName = repositoryName
        self.policyText = policyText
    }
}

public struct PutReplicationConfigurationRequest: Codable, Sendable, Equatable {
    public var replicationConfiguration: ReplicationConfiguration

    public init(replicationConfiguration: ReplicationConfiguration) {
        self.replicationConfiguration = replicationConfiguration
    }
}

public struct PutReplicationConfigurationResponse: Codable, Sendable, Equatable {
    public var replicationConfiguration: ReplicationConfiguration?

    public init(replicationConfiguration: ReplicationConfiguration? = nil) {
        self.replicationConfiguration = replicationConfiguration
    }
}

public struct DescribeRegistryResponse: Codable, Sendable, Equatable {
    public var registryId: String?
    public var replicationConfiguration: ReplicationConfiguration?

    public init(registryId: String? = nil, replicationConfiguration: ReplicationConfiguration? = nil) {
        self.registryId = registryId
        self.replicationConfiguration = replicationConfiguration
    }
}

public struct PutRegistryPolicyRequest: Codable, Sendable, Equatable {
    public var policyText: String

    public init(policyText: String) {
        self.policyText = policyText
    }
}

/// The output of Put, Get and DeleteRegistryPolicy.
public struct RegistryPolicyResponse: Codable, Sendable, Equatable {
    public var registryId: String?
    public var policyText: String?

    public init(registryId: String? = nil, policyText: String? = nil) {
        self.registryId = registryId
        self.policyText = policyText
    }
}
