/// One difference a drift audit found between a source repository and a replica, or a production rule a
/// repository breaks, with the fix.
public struct DriftFinding: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable {
        case low
        case medium
        case high
    }

    /// Unique within its audit, such as `f3`.
    public let id: String
    public let severity: Severity
    public let region: String
    public let registryId: String?
    public let repository: String
    /// `replicaMissing`, `settingsDiffer`, `encryptionDiffers`, `lifecyclePolicyMissing`,
    /// `lifecyclePolicyDiffers`, `repositoryPolicyMissing`, `repositoryPolicyDiffers`, `productionTagsMutable`,
    /// `productionScanOnPushOff` or `imagesMissing`.
    public let kind: String
    public let detail: String
    /// The change remediation makes in words, or the manual steps when `remediation` is nil.
    public let fix: String
    /// The change remediation makes; nil when the fix is manual.
    public let remediation: DriftRemediation?
    /// Nil until remediation ran; then `remediated` or `failed`.
    public var remediationOutcome: String?
    public var remediationError: String?
    public var remediatedAt: String?
}

/// The change that fixes a finding: the ECR calls remediation makes in the finding's region and registry.
public struct DriftRemediation: Sendable, Hashable, Codable {
    /// `createRepository`, `putSettings`, `putLifecyclePolicy`, `deleteLifecyclePolicy`, `setRepositoryPolicy`,
    /// `deleteRepositoryPolicy` or `copyImages`.
    public var action: String
    public var scanOnPush: Bool?
    public var tagMutability: TagMutability?
    public var encryption: RepositoryEncryption?
    public var lifecyclePolicy: String?
    public var repositoryPolicy: String?
    /// The digests `copyImages` copies from the source.
    public var digests: [String]?

    public init(
        action: String,
        scanOnPush: Bool? = nil,
        tagMutability: TagMutability? = nil,
        encryption: RepositoryEncryption? = nil,
        lifecyclePolicy: String? = nil,
        repositoryPolicy: String? = nil,
        digests: [String]? = nil
    ) {
        self.action = action
        self.scanOnPush = scanOnPush
        self.tagMutability = tagMutability
        self.encryption = encryption
        self.lifecyclePolicy = lifecyclePolicy
        self.repositoryPolicy = repositoryPolicy
        self.digests = digests
    }
}

/// A stored drift audit and its findings.
public struct DriftAudit: Sendable, Hashable, Codable {
    public let id: Int64
    /// RFC 3339 UTC time with milliseconds.
    public let createdAt: String
    public let createdBy: String
    /// Source repositories covered by a replication or copy rule.
    public let repositoriesChecked: Int
    public var findings: [DriftFinding]
    /// Checks that could not run, such as a replica region that returned an AWS error.
    public let errors: [String]
}

/// A drift audit request the stored audits cannot serve.
public struct DriftAuditError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case notFound
        case unknownFindings
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { self.message }
}
