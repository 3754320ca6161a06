import AWSClient

extension RepositoryService {
    /// Changes scan on push and tag mutability of the source repository and, when `includeReplicas` is
    /// set, of every replica.
    ///
    /// - Throws: `AWSError` when the source repository cannot be changed; replica failures are in the result.
    public func update(
        _ name: RepositoryName,
        _ request: UpdateRepositoryRequest,
        includeReplicas: Bool,
        origin: ChangeRecorder.Origin
    ) async throws -> RepositoryUpdate {
        let destinations = includeReplicas ? try await self.replicaDestinations(of: name.rawValue) : []
        let ecr = try await self.registry.ecr(region: try self.registry.sourceRegion())
        let source = try await self.updateRecorded(name.rawValue, request, in: ecr, origin)
        var replicas: [ReplicaChangeResult] = []
        for destination in destinations {
            let result = await self.replicaChange(at: destination) { ecr in
                try await self.updateRecorded(name.rawValue, request, in: ecr, origin)
            }
            replicas.append(result)
        }
        return RepositoryUpdate(repository: source, replicas: replicas)
    }

    /// Deletes the source repository and, when `includeReplicas` is set, every replica.
    ///
    /// - Parameter force: also delete the images; without it ECR rejects a repository that has images with
    ///   `RepositoryNotEmptyException`.
    /// - Throws: `AWSError` when the source repository cannot be deleted; replicas are then left alone.
    public func delete(
        _ name: RepositoryName,
        force: Bool,
        includeReplicas: Bool,
        origin: ChangeRecorder.Origin
    ) async throws -> RepositoryDeletion {
        let destinations = includeReplicas ? try await self.replicaDestinations(of: name.rawValue) : []
        let ecr = try await self.registry.ecr(region: try self.registry.sourceRegion())
        let source = try await self.deleteRecorded(name.rawValue, force: force, in: ecr, origin)
        var replicas: [ReplicaChangeResult] = []
        for destination in destinations {
            let result = await self.replicaChange(at: destination) { ecr in
                _ = try await self.deleteRecorded(name.rawValue, force: force, in: ecr, origin)
                return nil
            }
            replicas.append(result)
        }
        return RepositoryDeletion(repository: source, replicas: replicas)
    }

    private func updateRecorded(
        _ name: String,
        _ request: UpdateRepositoryRequest,
        in ecr: ECR,
        _ origin: ChangeRecorder.Origin
    ) async throws -> RepositoryDescription {
        // A repository that cannot be described has no before state. The change itself then fails and is
        // recorded with AWS's error code.
        // NOTE: a request that sets both fields makes two AWS calls. When the second fails, the first change
        // stays applied and the audit row records the failure with no after state.
        let before = try? await Self.describe(name, in: ecr)
        return try await self.changes.record(
            "repository.update",
            target: Self.auditTarget(name),
            origin: origin,
            before: before.flatMap { ChangeRecorder.json($0) },
            change: {
                if let scanOnPush = request.scanOnPush {
                    _ = try await ecr.putImageScanningConfiguration(
                        PutImageScanningConfigurationRequest(
                            repositoryName: name,
                            imageScanningConfiguration: ImageScanningConfiguration(scanOnPush: scanOnPush)
                        )
                    )
                }
                if let mutability = request.tagMutability {
                    _ = try await ecr.putImageTagMutability(
                        PutImageTagMutabilityRequest(
                            repositoryName: name,
                            imageTagMutability: ImageTagMutability(rawValue: mutability.rawValue) ?? .mutable
                        )
                    )
                }
                return try await Self.describe(name, in: ecr)
            },
            after: { ChangeRecorder.json($0) }
        )
    }

    private func deleteRecorded(
        _ name: String,
        force: Bool,
        in ecr: ECR,
        _ origin: ChangeRecorder.Origin
    ) async throws -> RepositoryDescription? {
        let before = try? await Self.describe(name, in: ecr)
        try await self.changes.record(
            "repository.delete",
            target: Self.auditTarget(name),
            origin: origin,
            before: before.flatMap { ChangeRecorder.json($0) },
            change: {
                // `force` is sent only when set, so the request carries no JSON null or default.
                _ = try await ecr.deleteRepository(
                    DeleteRepositoryRequest(repositoryName: name, force: force ? true : nil)
                )
            },
            after: { _ in nil }
        )
        return before
    }
}
