import AWSClient
import Foundation
import Observability

/// A repository as ECR describes it in one region and registry, the form responses and audit rows use.
public struct RepositoryDescription: Sendable, Hashable, Encodable {
    public let name: String
    public let region: String
    public let registryId: String?
    public let arn: String?
    public let uri: String?
    /// RFC 3339 UTC time with milliseconds.
    public let createdAt: String?
    public let scanOnPush: Bool
    public let tagMutability: TagMutability
    public let encryption: RepositoryEncryption
    /// Resource tags; only set right after a create, because DescribeRepositories does not return tags.
    public var tags: [String: String]?

    init(_ repository: Repository, region: String) {
        self.name = repository.repositoryName
        self.region = region
        self.registryId = repository.registryId
        self.arn = repository.repositoryArn
        self.uri = repository.repositoryUri
        self.createdAt = repository.createdAt.map(RFC3339.string(from:))
        // ECR's defaults apply when a field is absent: no scan on push, MUTABLE, AES256.
        self.scanOnPush = repository.imageScanningConfiguration?.scanOnPush ?? false
        self.tagMutability = repository.imageTagMutability.flatMap { TagMutability(rawValue: $0.rawValue) } ?? .mutable
        let encryption = repository.encryptionConfiguration
        self.encryption = RepositoryEncryption(
            type: encryption.flatMap { RepositoryEncryption.EncryptionType(rawValue: $0.encryptionType) } ?? .aes256,
            kmsKey: encryption?.kmsKey
        )
        self.tags = nil
    }

    /// Returns the names of the settings that differ from `other`'s. A KMS key is compared by encryption type
    /// only, because KMS keys are regional and ECR reports each replica's key by its own regional ARN.
    // NOTE: resource tags are not compared, because the AWS client has no ListTagsForResource operation.
    public func settingsDifferences(from other: RepositoryDescription) -> [String] {
        var differences: [String] = []
        if self.scanOnPush != other.scanOnPush {
            differences.append("scanOnPush")
        }
        if self.tagMutability != other.tagMutability {
            differences.append("tagMutability")
        }
        if self.encryption.type != other.encryption.type {
            differences.append("encryption.type")
        }
        return differences
    }
}
