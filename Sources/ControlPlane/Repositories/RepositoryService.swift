import AWSClient

/// Creates, lists, changes and deletes the source region's repositories, and on request their replicas.
///
/// Each change validates its input before any AWS call, then calls AWS, then writes one audit row per
/// repository touched with the state before and after, also when AWS rejected the change. Replicas are
/// the repositories of the same name in every destination of the replication rules that match the name.
public struct RepositoryService: Sendable {
    public let registry: RegistryContext
    public let changes: ChangeRecorder

    public init(registry: RegistryContext, changes: ChangeRecorder) {
        self.registry = registry
        self.changes = changes
    }

    /// Returns the audit target of repository `name`. Its policies use this target plus `/lifecycle-policy`
    /// or `/policy`.
    public static func auditTarget(_ name: String) -> String {
        "repository:\(name)"
    }

    /// Creates the repository in the source region and, when `includeReplicas` is set, in every
    /// destination of the matching replication rules with the same settings, because a repository that
    /// ECR replication creates gets default settings.
    ///
    /// - Throws: `ValidationError` before any AWS call when a replica cannot get the same settings;
    ///   `AWSError` when the source repository cannot be created. Replica failures are in the result.
    public func create(
        _ request: CreateRepositoryRequest,
        includeReplicas: Bool,
        origin: ChangeRecorder.Origin
    ) async throws -> RepositoryCreation {
        if includeReplicas {
            try Self.checkReplicable(request.settings.encryption)
        }
        let name = request.name.rawValue
        let destinations = includeReplicas ? try await self.replicaDestinations(of: name) : []
        let region = try self.registry.sourceRegion()
        let source = try await self.createRecorded(request, in: try await self.registry.ecr(region: region), origin)
        var replicas: [ReplicaChangeResult] = []
        for destination in destinations {
            let result = await self.replicaChange(at: destination) { ecr in
                try await self.createRecorded(request, in: ecr, origin)
            }
            replicas.append(result)
        }
        return RepositoryCreation(repository: source, replicas: replicas)
    }

    /// Returns one page of the source region's repositories whose names start with `prefix`, sorted by name.
    ///
    /// - Throws: `ValidationError` for a cursor this list did not return; `AWSError` from DescribeRepositories.
    public func list(prefix: String?, limit: Int, cursor: String?) async throws -> RepositoryListPage<
        RepositoryDescription
    > {
        if let cursor {
            // Checked first so a bad cursor costs no AWS call.
            _ = try RepositoryListCursor.decode(cursor, kind: .repositories)
        }
        let region = try self.registry.sourceRegion()
        let ecr = try await self.registry.ecr(region: region)
        let all = try await ecr.allRepositories()
            .filter { prefix == nil || $0.repositoryName.hasPrefix(prefix ?? "") }
            .map { RepositoryDescription($0, region: region) }
            .sorted { $0.name < $1.name }
        let page = try RepositoryListCursor.page(all, limit: limit, cursor: cursor, kind: .repositories) { $0.name }
        return RepositoryListPage(items: page.items, next: page.next)
    }

    /// Returns repository `name` as ECR describes it in `ecr`'s region.
    ///
    /// - Throws: `AWSError` with `RepositoryNotFoundException` when it does not exist.
    static func describe(_ name: String, in ecr: ECR) async throws -> RepositoryDescription {
        let response = try await ecr.describeRepositories(DescribeRepositoriesRequest(repositoryNames: [name]))
        guard let repository = response.repositories?.first(where: { $0.repositoryName == name }) else {
            throw AWSError(
                kind: .service,
                code: "RepositoryNotFoundException",
                message: "The repository with name '\(name)' does not exist in region \(ecr.region)",
                service: "ecr",
                operation: "DescribeRepositories"
            )
        }
        return RepositoryDescription(repository, region: ecr.region)
    }

    private func createRecorded(
        _ request: CreateRepositoryRequest,
        in ecr: ECR,
        _ origin: ChangeRecorder.Origin
    ) async throws -> RepositoryDescription {
        try await self.changes.record(
            "repository.create",
            target: Self.auditTarget(request.name.rawValue),
            origin: origin,
            before: nil,
            change: {
                let response = try await ecr.createRepository(Self.ecrRequest(for: request))
                var created: RepositoryDescription
                if let repository = response.repository {
                    created = RepositoryDescription(repository, region: ecr.region)
                } else {
                    created = try await Self.describe(request.name.rawValue, in: ecr)
                }
                created.tags = request.settings.tags
                return created
            },
            after: { ChangeRecorder.json($0) }
        )
    }

    static func ecrRequest(for request: CreateRepositoryRequest) -> ECRCreateRepositoryRequest {
        let settings = request.settings
        // JSON nulls are never sent: optional members stay nil and the encoder omits them.
        let tags = settings.tags.keys.sorted().map { ECRTag(key: $0, value: settings.tags[$0] ?? "") }
        return ECRCreateRepositoryRequest(
            repositoryName: request.name.rawValue,
            tags: tags.isEmpty ? nil : tags,
            imageTagMutability: ImageTagMutability(rawValue: settings.tagMutability.rawValue),
            imageScanningConfiguration: ImageScanningConfiguration(scanOnPush: settings.scanOnPush),
            encryptionConfiguration: EncryptionConfiguration(
                encryptionType: settings.encryption.type.rawValue,
                kmsKey: settings.encryption.kmsKey
            )
        )
    }

    /// Rejects a KMS key that cannot be used in another region. KMS key ids and ARNs are regional, so the
    /// same key cannot encrypt a replica; an alias name can exist in every region.
    static func checkReplicable(_ encryption: RepositoryEncryption) throws(ValidationError) {
        guard let key = encryption.kmsKey, let reference = KMSKeyReference(key) else {
            return
        }
        if case .aliasName = reference {
            return
        }
        throw ValidationError(
            field: FieldPath.root.key("encryption").key("kmsKey"),
            message: "names a key of one region, which replicas in other regions cannot use; with replicas=true "
                + "give an alias name ('alias/…') that exists in every region, or omit kmsKey"
        )
    }
}
