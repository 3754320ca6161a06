import AWSClient
import Foundation
import Observability
import Store

extension CleanupService {
    /// Deletes the digests planned in run `id` and returns the run with each image's outcome.
    ///
    /// - Throws: `CleanupError` when the run does not exist or apply already started.
    public func apply(id: Int64, actor: String, requestId: String?) async throws -> CleanupRun {
        try await self.startApplying(id: id, actor: actor)
        let run = try await self.run(id: id)
        let groups = Dictionary(grouping: run.plan.indices) { index in
            let item = run.plan[index]
            return ReplicationDestination(region: item.region, registryId: item.registryId ?? "")
                .description + "/" + item.repository
        }
        for key in groups.keys.sorted() {
            let items = (groups[key] ?? []).map { run.plan[$0] }
            let (deletable, blocked) = await self.excludeChangedSincePlan(items)
            try await self.store(blocked, runId: id, actor: actor, requestId: requestId)
            for start in stride(from: 0, to: deletable.count, by: Self.deleteBatchSize) {
                let batch = Array(deletable[start..<min(start + Self.deleteBatchSize, deletable.count)])
                let outcomes = await self.delete(batch)
                try await self.store(outcomes, runId: id, actor: actor, requestId: requestId)
            }
        }
        try await self.database.write { connection in
            _ = try connection.execute("UPDATE cleanup_runs SET state = 'applied' WHERE id = ?", [.integer(id)])
        }
        return try await self.run(id: id)
    }

    /// Reads one repository's images again and splits its planned images into those still safe to delete and
    /// those that changed since the plan, which are marked failed. When the images cannot be read, every
    /// item is marked failed with the AWS error code, because nothing can be checked.
    private func excludeChangedSincePlan(
        _ items: [CleanupPlanItem]
    ) async -> (deletable: [CleanupPlanItem], blocked: [CleanupPlanItem]) {
        guard let first = items.first else {
            return ([], [])
        }
        do {
            var account = first.registryId
            if account == nil {
                account = try await self.registry.sourceAccount()
            }
            let location = ReplicationDestination(region: first.region, registryId: account ?? "")
            let current = try await self.images(of: first.repository, at: location)
            let changed = CleanupPlanner.changedSincePlan(current, planned: items)
            let blocked = items.filter { changed[$0.imageDigest] != nil }.map { item in
                Self.failed(item, code: changed[item.imageDigest]?.code, reason: changed[item.imageDigest]?.reason)
            }
            return (items.filter { changed[$0.imageDigest] == nil }, blocked)
        } catch {
            let failure = ChangeRecorder.failure(for: error)
            return ([], items.map { Self.failed($0, code: failure.code, reason: failure.message) })
        }
    }

    static func failed(_ item: CleanupPlanItem, code: String?, reason: String?) -> CleanupPlanItem {
        var item = item
        item.outcome = "failed"
        item.failureCode = code ?? "Unknown"
        item.failureReason = reason
        return item
    }

    /// Moves run `id` from `planned` to `applying`, so two apply requests cannot both delete.
    // NOTE: a process that stops during apply leaves the run in `applying`. Apply then returns 409 for it,
    // and the images not yet deleted need a new run.
    private func startApplying(id: Int64, actor: String) async throws {
        let appliedAt = RFC3339.string(from: Date())
        let changed = try await self.database.write { connection in
            try connection.execute(
                "UPDATE cleanup_runs SET state = 'applying', applied_at = ?, applied_by = ? WHERE id = ? AND state = 'planned'",
                [.text(appliedAt), .text(actor), .integer(id)]
            )
        }
        if changed == 0 {
            _ = try await self.run(id: id)
            throw CleanupError(.alreadyApplied, "Cleanup run \(id) was already applied; plan a new run.")
        }
    }

    /// Deletes one batch of images of one repository and returns each image's outcome. When the call itself
    /// fails, every image of the batch is marked failed with the call's error code.
    private func delete(_ batch: [CleanupPlanItem]) async -> [CleanupPlanItem] {
        guard let first = batch.first else {
            return []
        }
        do {
            let ecr = try await self.registry.ecr(region: first.region, account: first.registryId)
            let response = try await ecr.batchDeleteImage(
                BatchDeleteImageRequest(
                    repositoryName: first.repository,
                    imageIds: batch.map { ImageIdentifier(imageDigest: $0.imageDigest) }
                )
            )
            let failures = Dictionary(
                (response.failures ?? []).compactMap { failure in failure.imageId?.imageDigest.map { ($0, failure) } },
                uniquingKeysWith: { first, _ in first }
            )
            return batch.map { item in
                if let failure = failures[item.imageDigest] {
                    return Self.failed(item, code: failure.failureCode, reason: failure.failureReason)
                }
                var item = item
                item.outcome = "deleted"
                return item
            }
        } catch {
            let failure = ChangeRecorder.failure(for: error)
            return batch.map { Self.failed($0, code: failure.code, reason: failure.message) }
        }
    }

    /// Stores the outcomes and one audit row per image in one transaction.
    private func store(_ items: [CleanupPlanItem], runId: Int64, actor: String, requestId: String?) async throws {
        let auditLog = self.auditLog
        try await self.database.write { connection in
            for item in items {
                _ = try connection.execute(
                    """
                    UPDATE cleanup_run_images SET outcome = ?, failure_code = ?, failure_reason = ?
                    WHERE run_id = ? AND region = ? AND repository = ? AND image_digest = ?
                    """,
                    [
                        .text(item.outcome), .text(item.failureCode), .text(item.failureReason), .integer(runId),
                        .text(item.region), .text(item.repository), .text(item.imageDigest),
                    ]
                )
                try auditLog.append(
                    Self.auditEntry(for: item, runId: runId, actor: actor, requestId: requestId),
                    in: connection
                )
            }
        }
    }

    static func auditEntry(for item: CleanupPlanItem, runId: Int64, actor: String, requestId: String?) -> AuditEntry {
        let state = ChangeRecorder.json([
            "cleanupRun": "\(runId)", "imageDigest": item.imageDigest, "reason": item.reason,
        ])
        return AuditEntry(
            actor: actor,
            action: "cleanup.image.delete",
            target: "image:\(item.region)/\(item.repository)@\(item.imageDigest)",
            requestId: requestId,
            failure: item.outcome == "failed"
                ? AuditFailure(code: item.failureCode ?? "Unknown", message: item.failureReason ?? "") : nil,
            before: state,
            after: nil
        )
    }
}
