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
            let indices = groups[key] ?? []
            for start in stride(from: 0, to: indices.count, by: Self.deleteBatchSize) {
                let batch = indices[start..<min(start + Self.deleteBatchSize, indices.count)].map { run.plan[$0] }
                let outcomes = await self.delete(batch)
                try await self.store(outcomes, runId: id, actor: actor, requestId: requestId)
            }
        }
        try await self.database.write { connection in
            _ = try connection.execute("UPDATE cleanup_runs SET state = 'applied' WHERE id = ?", [.integer(id)])
        }
        return try await self.run(id: id)
    }

    /// Moves run `id` from `planned` to `applying`, so two apply requests cannot both delete.
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
                var item = item
                if let failure = failures[item.imageDigest] {
                    item.outcome = "failed"
                    item.failureCode = failure.failureCode ?? "Unknown"
                    item.failureReason = failure.failureReason
                } else {
                    item.outcome = "deleted"
                }
                return item
            }
        } catch {
            let failure = ChangeRecorder.failure(for: error)
            return batch.map { item in
                var item = item
                item.outcome = "failed"
                item.failureCode = failure.code
                item.failureReason = failure.message
                return item
            }
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
