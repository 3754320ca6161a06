import AWSClient

/// A JSON document that ECR stores as text on one repository: its lifecycle policy or its repository
/// (permissions) policy. Both are kept exactly as sent, so what `GET` returns is what the caller stored.
public enum RepositoryDocumentKind: Sendable, Hashable {
    case lifecyclePolicy
    case repositoryPolicy

    /// The prefix of the audit actions, as in `lifecycle-policy.put`.
    var auditActionPrefix: String {
        switch self {
        case .lifecyclePolicy: "lifecycle-policy"
        case .repositoryPolicy: "repository-policy"
        }
    }

    /// The suffix of the audit target after `repository:<name>/`.
    var auditTargetSuffix: String {
        switch self {
        case .lifecyclePolicy: "lifecycle-policy"
        case .repositoryPolicy: "policy"
        }
    }

    /// The AWS error code for a repository without this document.
    var notFoundCode: String {
        switch self {
        case .lifecyclePolicy: "LifecyclePolicyNotFoundException"
        case .repositoryPolicy: "RepositoryPolicyNotFoundException"
        }
    }

    /// Validates `body` with ECR's rules for this document and returns its text unchanged.
    func validate(_ body: [UInt8]) throws(ValidationError) -> String {
        switch self {
        case .lifecyclePolicy:
            try LifecyclePolicy(validating: body).text
        case .repositoryPolicy:
            try IAMPolicyDocument(validating: body, kind: .repositoryPolicy).text
        }
    }

    func fetch(from ecr: ECR, repository: String) async throws -> String {
        switch self {
        case .lifecyclePolicy:
            let response = try await ecr.getLifecyclePolicy(.init(repositoryName: repository))
            return response.lifecyclePolicyText ?? ""
        case .repositoryPolicy:
            let response = try await ecr.getRepositoryPolicy(.init(repositoryName: repository))
            return response.policyText ?? ""
        }
    }

    func store(_ text: String, in ecr: ECR, repository: String) async throws {
        switch self {
        case .lifecyclePolicy:
            _ = try await ecr.putLifecyclePolicy(.init(repositoryName: repository, lifecyclePolicyText: text))
        case .repositoryPolicy:
            _ = try await ecr.setRepositoryPolicy(.init(repositoryName: repository, policyText: text))
        }
    }

    func remove(from ecr: ECR, repository: String) async throws {
        switch self {
        case .lifecyclePolicy:
            _ = try await ecr.deleteLifecyclePolicy(.init(repositoryName: repository))
        case .repositoryPolicy:
            _ = try await ecr.deleteRepositoryPolicy(.init(repositoryName: repository))
        }
    }
}
