/// The settings of a repository that this server manages and copies to replicas.
public struct RepositorySettings: Sendable, Hashable, Codable {
    public var scanOnPush: Bool
    public var tagMutability: TagMutability
    public var encryption: RepositoryEncryption
    /// Resource tags, key to value.
    public var tags: [String: String]

    public init(
        scanOnPush: Bool = false,
        tagMutability: TagMutability = .mutable,
        encryption: RepositoryEncryption = RepositoryEncryption(),
        tags: [String: String] = [:]
    ) {
        self.scanOnPush = scanOnPush
        self.tagMutability = tagMutability
        self.encryption = encryption
        self.tags = tags
    }
}

/// ECR's `imageTagMutability`.
public enum TagMutability: String, Sendable, Hashable, CaseIterable, Codable {
    case mutable = "MUTABLE"
    case immutable = "IMMUTABLE"
}

/// ECR's `encryptionConfiguration`: AES256 (S3-managed keys) or KMS with an optional key.
public struct RepositoryEncryption: Sendable, Hashable, Codable {
    /// ECR's `encryptionType`.
    public enum EncryptionType: String, Sendable, Hashable, CaseIterable, Codable {
        case aes256 = "AES256"
        case kms = "KMS"
    }

    public var type: EncryptionType
    /// Key id, key ARN, alias name or alias ARN; only with `.kms`. Without one, ECR uses the AWS managed key
    /// `aws/ecr`.
    public var kmsKey: String?

    public init(type: EncryptionType = .aes256, kmsKey: String? = nil) {
        self.type = type
        self.kmsKey = kmsKey
    }
}
