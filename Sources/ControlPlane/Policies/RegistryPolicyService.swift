import AWSClient

/// Reads, replaces and deletes the registry policy of a source or destination registry, reporting each time
/// whether the policy lets the source account replicate into that registry.
public struct RegistryPolicyService: Sendable {
    /// A registry: a region and the account that owns it.
    public struct Location: Sendable {
        public let region: AWSRegion
        public let account: RegistryID

        var auditTarget: String {
            "registry:\(self.region)/\(self.account)/registry-policy"
        }
    }

    public let registry: RegistryContext
    public let changes: ChangeRecorder
    private let serializer = ChangeSerializer()

    public init(registry: RegistryContext, changes: ChangeRecorder) {
        self.registry = registry
        self.changes = changes
    }

    /// Validates the `region` and `account` query values, defaulting to the source region and account.
    ///
    /// - Throws: `ValidationError` naming `region` or `account`.
    public func location(region: String?, account: String?) async throws -> Location {
        let region = try AWSRegion(validating: try region ?? self.registry.sourceRegion(), field: .root.key("region"))
        var accountText = account
        if accountText == nil {
            accountText = try await self.registry.sourceAccount()
        }
        return Location(
            region: region,
            account: try RegistryID(validating: accountText ?? "", field: .root.key("account"))
        )
    }

    /// Returns the stored policy and its replication check.
    ///
    /// - Throws: the `AWSError` of ECR, `RegistryPolicyNotFoundException` when the registry has no policy.
    public func current(at location: Location) async throws -> RegistryPolicyView {
        let ecr = try await self.ecr(at: location)
        let text = try await ecr.getRegistryPolicy().policyText ?? ""
        return try await self.view(text, at: location)
    }

    /// Validates `body` as a registry policy and stores it.
    ///
    /// - Throws: `ValidationError` (no AWS call made), `PreconditionFailedError`, or the `AWSError` of
    ///   PutRegistryPolicy after recording the failure.
    public func put(
        _ body: [UInt8],
        at location: Location,
        ifMatch: String?,
        origin: ChangeRecorder.Origin
    ) async throws -> RegistryPolicyView {
        let text = try IAMPolicyDocument(validating: body, kind: .registryPolicy).text
        let ecr = try await self.ecr(at: location)
        try await self.serializer.run {
            let before = try await self.storedText(ecr)
            try EntityTag.checkIfMatch(ifMatch, current: before.map(EntityTag.init(of:)))
            try await self.changes.record(
                "registry-policy.put",
                target: location.auditTarget,
                origin: origin,
                before: Self.state(before, at: location),
                change: { _ = try await ecr.putRegistryPolicy(.init(policyText: text)) },
                after: { _ in Self.state(text, at: location) }
            )
        }
        return try await self.view(text, at: location)
    }

    /// Deletes the registry policy.
    ///
    /// - Throws: `PreconditionFailedError`, or the `AWSError` of DeleteRegistryPolicy after recording the
    ///   failure (`RegistryPolicyNotFoundException` when there is none).
    public func delete(at location: Location, ifMatch: String?, origin: ChangeRecorder.Origin) async throws
        -> RegistryPolicyView
    {
        let ecr = try await self.ecr(at: location)
        try await self.serializer.run {
            let before = try await self.storedText(ecr)
            try EntityTag.checkIfMatch(ifMatch, current: before.map(EntityTag.init(of:)))
            try await self.changes.record(
                "registry-policy.delete",
                target: location.auditTarget,
                origin: origin,
                before: Self.state(before, at: location),
                change: { _ = try await ecr.deleteRegistryPolicy() },
                after: { _ in nil }
            )
        }
        return try await self.view(nil, at: location)
    }

    private func ecr(at location: Location) async throws -> ECR {
        try await self.registry.ecr(region: location.region.rawValue, account: location.account.rawValue)
    }

    private func storedText(_ ecr: ECR) async throws -> String? {
        do {
            return try await ecr.getRegistryPolicy().policyText
        } catch let error as AWSError where error.code == "RegistryPolicyNotFoundException" {
            return nil
        }
    }

    /// Builds the response, checking `text` (nil when there is no policy) for the source account's permission.
    private func view(_ text: String?, at location: Location) async throws -> RegistryPolicyView {
        let source = try await self.registry.sourceAccount()
        let required = source != location.account.rawValue
        var permission = RegistryReplicationPermission.notGranted(
            sourceAccount: source,
            required: required,
            reason: "the registry has no policy"
        )
        if let text {
            do {
                let report = try IAMPolicyDocument.replicationPermission(
                    registryPolicyText: Array(text.utf8),
                    sourceAccount: try RegistryID(validating: source, field: .root),
                    destinationRegion: location.region,
                    destinationAccount: location.account
                )
                permission = RegistryReplicationPermission(sourceAccount: source, required: required, report: report)
            } catch {
                // A policy stored by another tool may break a local rule, so it is reported as unchecked, not as a 400.
                permission = RegistryReplicationPermission.notGranted(
                    sourceAccount: source,
                    required: required,
                    reason: "the stored policy could not be checked (\(error))"
                )
            }
        }
        return RegistryPolicyView(
            region: location.region.rawValue,
            registryId: location.account.rawValue,
            policyText: text,
            replicationPermission: permission
        )
    }

    private static func state(_ text: String?, at location: Location) -> String? {
        text.flatMap {
            ChangeRecorder.json(
                RepositoryDocumentState(
                    region: location.region.rawValue,
                    registryId: location.account.rawValue,
                    policyText: $0
                )
            )
        }
    }
}
