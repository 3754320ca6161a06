import Foundation
import Observability
import Store

extension CleanupService {
    /// Stores a new run in state `planned` and returns it.
    func insert(policy: CleanupPolicy, items: [CleanupPlanItem], actor: String, createdAt: Date) async throws
        -> CleanupRun
    {
        let policyJSON = ChangeRecorder.json(policy) ?? "{}"
        let created = RFC3339.string(from: createdAt)
        let id = try await self.database.write { connection in
            _ = try connection.execute(
                "INSERT INTO cleanup_runs (created_at, created_by, policy, state) VALUES (?, ?, ?, 'planned')",
                [.text(created), .text(actor), .text(policyJSON)]
            )
            let id = connection.lastInsertRowID
            for (position, item) in items.enumerated() {
                _ = try connection.execute(
                    """
                    INSERT INTO cleanup_run_images (run_id, position, region, registry_id, repository, image_digest, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        .integer(id), .integer(position), .text(item.region), .text(item.registryId),
                        .text(item.repository), .text(item.imageDigest), .text(item.reason),
                    ]
                )
            }
            return id
        }
        return try await self.run(id: id)
    }

    /// Returns run `id` with its plan.
    ///
    /// - Throws: `CleanupError` with kind `notFound`.
    public func run(id: Int64) async throws -> CleanupRun {
        let run = try await self.database.read { connection -> CleanupRun? in
            guard let row = try connection.queryFirst("SELECT * FROM cleanup_runs WHERE id = ?", [.integer(id)]) else {
                return nil
            }
            let items = try connection.query(
                "SELECT * FROM cleanup_run_images WHERE run_id = ? ORDER BY position",
                [.integer(id)]
            )
            return try Self.run(from: row, items: items.map(Self.item(from:)))
        }
        guard let run else {
            throw CleanupError(.notFound, "No cleanup run has id \(id).")
        }
        return run
    }

    /// Returns up to `limit` runs, newest first, after the run id `cursor`, and the cursor of the next page.
    public func list(limit: Int, after cursor: Int64?) async throws -> (runs: [CleanupRun], next: Int64?) {
        let ids = try await self.database.read { connection in
            try connection.query(
                "SELECT id FROM cleanup_runs WHERE id < ? ORDER BY id DESC LIMIT ?",
                [.integer(cursor ?? Int64.max), .integer(limit + 1)]
            ).map { try $0.int64(0) }
        }
        var runs: [CleanupRun] = []
        for id in ids.prefix(limit) {
            runs.append(try await self.run(id: id))
        }
        return (runs, ids.count > limit ? runs.last?.id : nil)
    }

    private static func run(from row: Row, items: [CleanupPlanItem]) throws -> CleanupRun {
        let policy = try JSONDecoder().decode(CleanupPolicy.self, from: Data(try row.string("policy").utf8))
        return CleanupRun(
            id: try row.int64("id"),
            createdAt: try row.string("created_at"),
            createdBy: try row.string("created_by"),
            policy: policy,
            state: CleanupRun.State(rawValue: try row.string("state")) ?? .planned,
            appliedAt: try row.optionalString("applied_at"),
            appliedBy: try row.optionalString("applied_by"),
            plan: items,
            skipped: []
        )
    }

    private static func item(from row: Row) throws -> CleanupPlanItem {
        var item = CleanupPlanItem(
            region: try row.string("region"),
            registryId: try row.optionalString("registry_id"),
            repository: try row.string("repository"),
            imageDigest: try row.string("image_digest"),
            reason: try row.string("reason")
        )
        item.outcome = try row.optionalString("outcome")
        item.failureCode = try row.optionalString("failure_code")
        item.failureReason = try row.optionalString("failure_reason")
        return item
    }
}
