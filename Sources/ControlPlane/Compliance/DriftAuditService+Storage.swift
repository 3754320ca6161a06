import AWSClient
import Foundation
import Observability
import Store

extension DriftAuditService {
    /// Returns every successful change of the source registry's replication configuration recorded in the
    /// audit log, oldest first, with the configuration it set.
    func configurationHistory(region: String) async throws -> [(time: Date, configuration: ReplicationConfiguration)] {
        let rows = try await self.database.read { connection in
            try connection.query(
                """
                SELECT time, after_json FROM audit_events
                WHERE target = ? AND outcome = 'succeeded' AND after_json IS NOT NULL ORDER BY id
                """,
                [.text("registry:\(region)/replication-configuration")]
            ).map { (try $0.string(0), try $0.string(1)) }
        }
        return rows.compactMap { time, json in
            guard let date = RFC3339.date(from: time),
                let wire = try? JSONDecoder().decode(ECRReplicationConfiguration.self, from: Data(json.utf8))
            else {
                return nil
            }
            let snapshot = ReplicationConfigurationSnapshot(region: region, registryId: nil, configuration: wire)
            return (date, snapshot.domainConfiguration)
        }
    }

    func insert(findings: [DriftFinding], checked: Int, errors: [String], actor: String) async throws -> DriftAudit {
        let created = RFC3339.string(from: self.now())
        let errorsJSON = ChangeRecorder.json(errors) ?? "[]"
        let id = try await self.database.write { connection in
            _ = try connection.execute(
                "INSERT INTO drift_audits (created_at, created_by, repositories_checked, errors) VALUES (?, ?, ?, ?)",
                [.text(created), .text(actor), .integer(checked), .text(errorsJSON)]
            )
            let id = connection.lastInsertRowID
            for finding in findings {
                _ = try connection.execute(
                    """
                    INSERT INTO drift_findings (audit_id, id, severity, region, registry_id, repository, kind, detail,
                        fix, remediation)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        .integer(id), .text(finding.id), .text(finding.severity.rawValue), .text(finding.region),
                        .text(finding.registryId), .text(finding.repository), .text(finding.kind),
                        .text(finding.detail), .text(finding.fix),
                        .text(finding.remediation.flatMap { ChangeRecorder.json($0) }),
                    ]
                )
            }
            return id
        }
        return try await self.audit(id: id)
    }

    /// Returns audit `id` with its findings in id order.
    ///
    /// - Throws: `DriftAuditError` with kind `notFound`.
    public func audit(id: Int64) async throws -> DriftAudit {
        let audit = try await self.database.read { connection -> DriftAudit? in
            guard let row = try connection.queryFirst("SELECT * FROM drift_audits WHERE id = ?", [.integer(id)]) else {
                return nil
            }
            let findings = try connection.query(
                "SELECT * FROM drift_findings WHERE audit_id = ? ORDER BY rowid",
                [.integer(id)]
            ).map(Self.finding(from:))
            let errors = try JSONDecoder().decode([String].self, from: Data(try row.string("errors").utf8))
            return DriftAudit(
                id: try row.int64("id"),
                createdAt: try row.string("created_at"),
                createdBy: try row.string("created_by"),
                repositoriesChecked: Int(try row.int64("repositories_checked")),
                findings: findings,
                errors: errors
            )
        }
        guard let audit else {
            throw DriftAuditError(.notFound, "No drift audit has id \(id).")
        }
        return audit
    }

    /// Returns up to `limit` audits, newest first, after the audit id `cursor`, and the cursor of the next page.
    public func list(limit: Int, after cursor: Int64?) async throws -> (audits: [DriftAudit], next: Int64?) {
        let ids = try await self.database.read { connection in
            try connection.query(
                "SELECT id FROM drift_audits WHERE id < ? ORDER BY id DESC LIMIT ?",
                [.integer(cursor ?? Int64.max), .integer(limit + 1)]
            ).map { try $0.int64(0) }
        }
        var audits: [DriftAudit] = []
        for id in ids.prefix(limit) {
            audits.append(try await self.audit(id: id))
        }
        return (audits, ids.count > limit ? audits.last?.id : nil)
    }

    func storeOutcome(of finding: DriftFinding, auditId: Int64) async throws {
        try await self.database.write { connection in
            _ = try connection.execute(
                """
                UPDATE drift_findings SET remediation_outcome = ?, remediation_error = ?, remediated_at = ?
                WHERE audit_id = ? AND id = ?
                """,
                [
                    .text(finding.remediationOutcome), .text(finding.remediationError), .text(finding.remediatedAt),
                    .integer(auditId), .text(finding.id),
                ]
            )
        }
    }

    private static func finding(from row: Row) throws -> DriftFinding {
        let remediation = try row.optionalString("remediation").flatMap {
            try JSONDecoder().decode(DriftRemediation.self, from: Data($0.utf8))
        }
        return DriftFinding(
            id: try row.string("id"),
            severity: DriftFinding.Severity(rawValue: try row.string("severity")) ?? .medium,
            region: try row.string("region"),
            registryId: try row.optionalString("registry_id"),
            repository: try row.string("repository"),
            kind: try row.string("kind"),
            detail: try row.string("detail"),
            fix: try row.string("fix"),
            remediation: remediation,
            remediationOutcome: try row.optionalString("remediation_outcome"),
            remediationError: try row.optionalString("remediation_error"),
            remediatedAt: try row.optionalString("remediated_at")
        )
    }
}
