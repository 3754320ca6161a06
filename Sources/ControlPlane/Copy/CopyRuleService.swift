import Foundation
import Observability
import Store

/// Creates, lists, reads and deletes copy rules in SQLite, and finds the destinations they send an image to.
///
/// Create and delete write their audit row, with target `copy-rule:<id>`, in the same transaction as the
/// change. A create rejected as a duplicate or a delete of an unknown id is audited as a failed attempt.
public struct CopyRuleService: CopyRuleMatching {
    private let database: Database
    private let auditLog: AuditLog
    private let registry: RegistryContext

    /// Creates the service. `registry` supplies the source region and account that no destination may equal.
    public init(database: Database, auditLog: AuditLog, registry: RegistryContext) {
        self.database = database
        self.auditLog = auditLog
        self.registry = registry
    }

    /// Returns the audit target of rule `id`.
    public static func auditTarget(_ id: Int64) -> String {
        "copy-rule:\(id)"
    }

    /// Validates a copy rule document and stores the rule.
    ///
    /// The source account is only looked up (possibly with STS GetCallerIdentity) when a destination is in
    /// the source region, because only then can a destination equal the source registry.
    ///
    /// - Throws: `ValidationError` naming each invalid field, `CopyRuleServiceError` of kind `.duplicate`,
    ///   `RegistryContextError` or `AWSError` when the source account cannot be determined, or `StoreError`.
    public func create(document: [UInt8], actor: String, requestId: String?) async throws -> CopyRule {
        let sourceRegion = try self.registry.sourceRegion()
        var draft = try CopyRuleDraft(validating: document, sourceRegion: sourceRegion, sourceAccount: nil)
        if draft.destinations.contains(where: { $0.region == sourceRegion }) {
            let account = try await self.registry.sourceAccount()
            draft = try CopyRuleDraft(validating: document, sourceRegion: sourceRegion, sourceAccount: account)
        }
        return try await self.create(draft, actor: actor, requestId: requestId)
    }

    /// Stores a validated rule.
    ///
    /// - Throws: `CopyRuleServiceError` of kind `.duplicate`, or `StoreError`.
    public func create(_ draft: CopyRuleDraft, actor: String, requestId: String?) async throws -> CopyRule {
        let createdAt = RFC3339.string(from: Date())
        let auditLog = self.auditLog
        return try await self.auditingFailure(action: "copy-rule.create", target: "copy-rule:new", actor, requestId) {
            try await self.database.write { connection in
                let rule = try Self.insert(draft, createdAt: createdAt, actor: actor, in: connection)
                let entry = AuditEntry(
                    actor: actor,
                    action: "copy-rule.create",
                    target: Self.auditTarget(rule.id),
                    requestId: requestId,
                    after: try Self.json(rule)
                )
                try auditLog.append(entry, in: connection)
                return rule
            }
        }
    }

    /// Returns rule `id`.
    ///
    /// - Throws: `CopyRuleServiceError` of kind `.notFound`, or `StoreError`.
    public func rule(id: Int64) async throws -> CopyRule {
        try await self.database.read { connection in
            try Self.find(id, in: connection)
        }
    }

    /// Returns up to `limit` rules ordered by id, after the rule named by `cursor`, with the cursor of the
    /// next page when there are more.
    ///
    /// - Throws: `CopyRuleServiceError` of kind `.invalidCursor`, or `StoreError`.
    public func list(limit: Int, cursor: String?) async throws -> (rules: [CopyRule], next: String?) {
        let afterId = try cursor.map(Self.decodeCursor) ?? 0
        let rules = try await self.database.read { connection in
            try Self.page(after: afterId, limit: limit + 1, in: connection)
        }
        guard rules.count > limit else {
            return (rules, nil)
        }
        let page = Array(rules.prefix(limit))
        return (page, page.last.map { Self.encodeCursor(after: $0.id) })
    }

    /// Deletes rule `id` and returns it as it was.
    ///
    /// - Throws: `CopyRuleServiceError` of kind `.notFound`, or `StoreError`.
    @discardableResult
    public func delete(id: Int64, actor: String, requestId: String?) async throws -> CopyRule {
        let auditLog = self.auditLog
        let target = Self.auditTarget(id)
        return try await self.auditingFailure(action: "copy-rule.delete", target: target, actor, requestId) {
            try await self.database.write { connection in
                let rule = try Self.find(id, in: connection)
                try connection.execute("DELETE FROM copy_rules WHERE id = ?", [.integer(id)])
                let entry = AuditEntry(
                    actor: actor,
                    action: "copy-rule.delete",
                    target: target,
                    requestId: requestId,
                    before: try Self.json(rule)
                )
                try auditLog.append(entry, in: connection)
                return rule
            }
        }
    }

    public func copyDestinations(forRepository repository: String, tag: String?) async throws
        -> [ReplicationDestination]
    {
        let rules = try await self.database.read { connection in
            try Self.page(after: 0, limit: nil, in: connection)
        }
        var destinations: [ReplicationDestination] = []
        for rule in rules where rule.matches(repository: repository, tag: tag) {
            for destination in rule.destinations where !destinations.contains(destination) {
                destinations.append(destination)
            }
        }
        return destinations
    }

    /// Runs `body`, and when it throws `CopyRuleServiceError`, records a failed audit row and rethrows.
    private func auditingFailure<T: Sendable>(
        action: String,
        target: String,
        _ actor: String,
        _ requestId: String?,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let error as CopyRuleServiceError {
            let failure = AuditFailure(code: error.kind.rawValue, message: error.message)
            try await self.auditLog.append(
                AuditEntry(actor: actor, action: action, target: target, requestId: requestId, failure: failure)
            )
            throw error
        }
    }
}
