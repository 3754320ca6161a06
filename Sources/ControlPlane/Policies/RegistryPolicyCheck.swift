/// Whether a destination registry's policy lets a source account replicate into it, and what is missing if not.
///
/// Cross-account replication needs, in the destination registry's policy, an Allow statement for the source
/// account's root principal with `ecr:CreateRepository` and `ecr:ReplicateImage` on
/// `arn:<partition>:ecr:<region>:<destination account>:repository/*` (or a wildcard covering it).
public struct ReplicationPermissionReport: Sendable, Hashable, Codable {
    /// One unmet requirement.
    public struct Gap: Sendable, Hashable, Codable {
        /// The part of the policy that is missing or blocking.
        public enum Kind: String, Sendable, Hashable, Codable {
            /// No Allow statement names the source account as principal.
            case principal
            /// Allow statements name the source account but none grants the action.
            case action
            /// Allow statements grant the action to the source account but not on the destination's repositories.
            case resource
            /// A Deny statement blocks the action for the source account.
            case deny
        }

        public let kind: Kind
        /// The required action this gap is about, e.g. `ecr:ReplicateImage`.
        public let action: String
        public let message: String
    }

    /// True when both required actions are allowed and neither is denied.
    public var allowsReplication: Bool {
        self.gaps.isEmpty
    }

    public let gaps: [Gap]
    /// True when every statement that grants a required action has a `Condition`. This check does not evaluate
    /// conditions, so it counts the grant, but ECR may still reject the replication.
    public let dependsOnConditions: Bool
}

extension IAMPolicyDocument {
    /// The actions a destination registry policy must allow for ECR replication from another account.
    public static let replicationActions = ["ecr:CreateRepository", "ecr:ReplicateImage"]

    /// Validates registry policy text and checks whether it lets `sourceAccount` replicate into the registry of
    /// `destinationAccount` in `destinationRegion`.
    ///
    /// - Throws: `ValidationError` when the text is not a valid registry policy.
    public static func replicationPermission<Bytes: Collection>(
        registryPolicyText: Bytes,
        sourceAccount: RegistryID,
        destinationRegion: AWSRegion,
        destinationAccount: RegistryID
    ) throws(ValidationError) -> ReplicationPermissionReport where Bytes.Element == UInt8 {
        let policy = try IAMPolicyDocument(validating: registryPolicyText, kind: .registryPolicy)
        return policy.replicationPermission(
            sourceAccount: sourceAccount,
            destinationRegion: destinationRegion,
            destinationAccount: destinationAccount
        )
    }

    /// Checks whether this registry policy lets `sourceAccount` replicate into the registry of
    /// `destinationAccount` in `destinationRegion`.
    public func replicationPermission(
        sourceAccount: RegistryID,
        destinationRegion: AWSRegion,
        destinationAccount: RegistryID
    ) -> ReplicationPermissionReport {
        let partition = destinationRegion.partition.rawValue
        let context = ReplicationPermissionContext(
            sourceAccount: sourceAccount.rawValue,
            sourceRootARN: "arn:\(partition):iam::\(sourceAccount):root",
            resource: "arn:\(partition):ecr:\(destinationRegion):\(destinationAccount):repository/*"
        )
        var gaps: [ReplicationPermissionReport.Gap] = []
        var dependsOnConditions = false
        for action in Self.replicationActions {
            let granting = self.statements.filter { $0.effect == .allow && context.covers($0, action: action) }
            dependsOnConditions = dependsOnConditions || (!granting.isEmpty && granting.allSatisfy(\.hasCondition))
            if granting.isEmpty {
                gaps.append(context.gap(for: action, in: self.statements))
            }
            if self.statements.contains(where: { $0.effect == .deny && context.covers($0, action: action) }) {
                gaps.append(
                    .init(
                        kind: .deny,
                        action: action,
                        message: "a Deny statement blocks \(action) for account \(sourceAccount)"
                    )
                )
            }
        }
        return ReplicationPermissionReport(gaps: gaps, dependsOnConditions: dependsOnConditions)
    }
}

/// The principal and resource a replication grant must name, and the matching of statements against them.
private struct ReplicationPermissionContext {
    let sourceAccount: String
    let sourceRootARN: String
    let resource: String

    func covers(_ statement: IAMStatement, action: String) -> Bool {
        self.namesSource(statement) && self.grants(statement, action: action) && self.coversResource(statement)
    }

    func gap(for action: String, in statements: [IAMStatement]) -> ReplicationPermissionReport.Gap {
        let forSource = statements.filter { $0.effect == .allow && self.namesSource($0) }
        if forSource.isEmpty {
            return .init(
                kind: .principal,
                action: action,
                message: "no Allow statement names the source account as principal; add \"Principal\": "
                    + "{\"AWS\": \"\(self.sourceRootARN)\"}"
            )
        }
        if !forSource.contains(where: { self.grants($0, action: action) }) {
            return .init(
                kind: .action,
                action: action,
                message: "no Allow statement for account \(self.sourceAccount) grants \(action); add it to \"Action\""
            )
        }
        return .init(
            kind: .resource,
            action: action,
            message: "the Allow statements granting \(action) to account \(self.sourceAccount) do not cover "
                + "\(self.resource); add it to \"Resource\""
        )
    }

    private func namesSource(_ statement: IAMStatement) -> Bool {
        let listed: Bool
        switch statement.principal {
        case .everyone:
            listed = true
        case .identifiers(let identifiers):
            listed = (identifiers["AWS"] ?? []).contains { entry in
                entry == "*" || entry == self.sourceAccount || entry == self.sourceRootARN
            }
        }
        return statement.principalIsNegated ? !listed : listed
    }

    private func grants(_ statement: IAMStatement, action: String) -> Bool {
        let listed = statement.actions.contains { IAMWildcard.matches($0, action, caseInsensitive: true) }
        return statement.actionIsNegated ? !listed : listed
    }

    private func coversResource(_ statement: IAMStatement) -> Bool {
        guard let resources = statement.resources else {
            return true
        }
        let listed = resources.contains { IAMWildcard.matches($0, self.resource) }
        return statement.resourceIsNegated ? !listed : listed
    }
}
