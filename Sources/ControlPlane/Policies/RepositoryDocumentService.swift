import AWSClient
import Foundation

/// Reads, replaces and deletes a repository's lifecycle or repository policy.
///
/// A change is validated locally and checked against `If-Match` before ECR is called in the source registry and,
/// when asked, in every replica. Each call is recorded in the audit log with the policy text before and after.
public struct RepositoryDocumentService: Sendable {
    public let kind: RepositoryDocumentKind
    public let registry: RegistryContext
    public let changes: ChangeRecorder
    private let replication: ReplicationConfigurationService
    private let serializer = ChangeSerializer()

    public init(kind: RepositoryDocumentKind, registry: RegistryContext, changes: ChangeRecorder) {
        self.kind = kind
        self.registry = registry
        self.changes = changes
        self.replication = ReplicationConfigurationService(registry: registry, changes: changes)
    }

    /// Returns the stored text of the document of `repository` in the source registry.
    ///
    /// - Throws: `ValidationError` for an invalid name, or the `AWSError` of ECR (a `…NotFoundException` when
    ///   the repository or the document does not exist).
    public func text(of repository: String) async throws -> String {
        let name = try Self.validName(repository)
        return try await self.kind.fetch(from: try await self.registry.ecr(), repository: name)
    }

    /// Validates `body` and stores it as the document of `repository`, then in every replica when
    /// `applyToReplicas` is set.
    ///
    /// - Throws: `ValidationError` (no AWS call made), `PreconditionFailedError`, or the source registry's
    ///   `AWSError` after recording the failure. Replica failures are returned, not thrown.
    public func put(
        _ body: [UInt8],
        repository: String,
        ifMatch: String?,
        applyToReplicas: Bool,
        origin: ChangeRecorder.Origin
    ) async throws -> RepositoryDocumentChange {
        let name = try Self.validName(repository)
        let text = try self.kind.validate(body)
        return try await self.serializer.run {
            try await self.change(name, to: text, ifMatch: ifMatch, applyToReplicas: applyToReplicas, origin: origin)
        }
    }

    /// Deletes the document of `repository`, then in every replica when `applyToReplicas` is set.
    public func delete(
        repository: String,
        ifMatch: String?,
        applyToReplicas: Bool,
        origin: ChangeRecorder.Origin
    ) async throws -> RepositoryDocumentChange {
        let name = try Self.validName(repository)
        return try await self.serializer.run {
            try await self.change(name, to: nil, ifMatch: ifMatch, applyToReplicas: applyToReplicas, origin: origin)
        }
    }

    /// Stores `text`, or deletes the document when it is nil, in the source registry and then in the replicas.
    private func change(
        _ name: String,
        to text: String?,
        ifMatch: String?,
        applyToReplicas: Bool,
        origin: ChangeRecorder.Origin
    ) async throws -> RepositoryDocumentChange {
        let region = try self.registry.sourceRegion()
        let account = try await self.registry.sourceAccount()
        let ecr = try await self.registry.ecr(region: region)
        let current = try await self.currentText(in: ecr, repository: name)
        if let current {
            try EntityTag.checkIfMatch(ifMatch, current: current.map(EntityTag.init(of:)))
        }
        let destination = ReplicationDestination(region: region, registryId: account)
        try await self.record(
            name,
            in: ecr,
            destination: destination,
            before: current ?? nil,
            after: text,
            origin: origin
        )
        var replicas: [ReplicaOutcome] = []
        if applyToReplicas {
            for replica in try await self.replication.destinations(forRepository: name) {
                replicas.append(await self.applyToReplica(name, replica, text: text, origin: origin))
            }
        }
        return RepositoryDocumentChange(
            repositoryName: name,
            region: region,
            registryId: account,
            policyText: text,
            replicas: replicas
        )
    }

    /// Returns the stored text, `.some(nil)` when the repository has no document, or nil when the repository
    /// itself is missing. In the last case the change runs without the `If-Match` check, so ECR's error is
    /// audited and returned.
    private func currentText(in ecr: ECR, repository: String) async throws -> String?? {
        do {
            return .some(try await self.kind.fetch(from: ecr, repository: repository))
        } catch let error as AWSError where error.code == self.kind.notFoundCode {
            return .some(nil)
        } catch let error as AWSError where error.code == "RepositoryNotFoundException" {
            return nil
        }
    }

    private func applyToReplica(
        _ name: String,
        _ destination: ReplicationDestination,
        text: String?,
        origin: ChangeRecorder.Origin
    ) async -> ReplicaOutcome {
        do {
            let ecr = try await self.registry.ecr(region: destination.region, account: destination.registryId)
            let before = try? await self.kind.fetch(from: ecr, repository: name)
            try await self.record(name, in: ecr, destination: destination, before: before, after: text, origin: origin)
            return ReplicaOutcome(
                region: destination.region,
                registryId: destination.registryId,
                outcome: .succeeded,
                errorCode: nil,
                message: nil
            )
        } catch {
            let failure = ChangeRecorder.failure(for: error)
            return ReplicaOutcome(
                region: destination.region,
                registryId: destination.registryId,
                outcome: .failed,
                errorCode: failure.code,
                message: failure.message
            )
        }
    }

    /// Stores or deletes the document in one registry and appends the audit row.
    private func record(
        _ name: String,
        in ecr: ECR,
        destination: ReplicationDestination,
        before: String?,
        after: String?,
        origin: ChangeRecorder.Origin
    ) async throws {
        let state = { (text: String?) in
            text.flatMap {
                ChangeRecorder.json(
                    RepositoryDocumentState(
                        region: destination.region,
                        registryId: destination.registryId,
                        policyText: $0
                    )
                )
            }
        }
        let action = self.kind.auditActionPrefix + (after == nil ? ".delete" : ".put")
        try await self.changes.record(
            action,
            target: "repository:\(name)/\(self.kind.auditTargetSuffix)",
            origin: origin,
            before: state(before),
            change: {
                if let after {
                    try await self.kind.store(after, in: ecr, repository: name)
                } else {
                    try await self.kind.remove(from: ecr, repository: name)
                }
            },
            after: { _ in state(after) }
        )
    }

    static func validName(_ repository: String) throws(ValidationError) -> String {
        try RepositoryName(validating: repository).rawValue
    }
}
