import Foundation
import Store

extension ReplicationJobStore {
    static func job(from row: Row, destinations: [JobDestination]) throws -> ReplicationJob {
        let pipelineId = try row.optionalString("pipeline_id")
        let pipelineCommit = try row.optionalString("pipeline_commit")
        let pipelineURL = try row.optionalString("pipeline_url")
        let hasPipeline = pipelineId != nil || pipelineCommit != nil || pipelineURL != nil
        return ReplicationJob(
            id: try row.int64("id"),
            repository: try row.string("repository"),
            digest: try row.string("digest"),
            tag: try row.optionalString("tag"),
            sourceRegion: try row.string("source_region"),
            sourceAccount: try row.string("source_account"),
            trigger: try Self.decode(ReplicationJob.Trigger.self, row, "trigger"),
            mode: try Self.decode(ReplicationJob.Mode.self, row, "mode"),
            requester: try row.string("requester"),
            state: try Self.decode(ReplicationJob.State.self, row, "state"),
            deadlineSeconds: Int(try row.int64("deadline_seconds")),
            deadline: Date(timeIntervalSince1970: try row.double("deadline_at")),
            attempts: Int(try row.int64("attempts")),
            pushedAt: try Self.optionalDate(row, "pushed_at"),
            pipeline: hasPipeline
                ? ReplicationJob.Pipeline(id: pipelineId, commit: pipelineCommit, url: pipelineURL) : nil,
            createdAt: Date(timeIntervalSince1970: try row.double("created_at")),
            startedAt: try Self.optionalDate(row, "started_at"),
            finishedAt: try Self.optionalDate(row, "finished_at"),
            updatedAt: Date(timeIntervalSince1970: try row.double("updated_at")),
            nextCheckAt: Date(timeIntervalSince1970: try row.double("next_check_at")),
            lastError: try row.optionalString("last_error"),
            destinations: destinations
        )
    }

    static func destination(from row: Row) throws -> JobDestination {
        JobDestination(
            destination: ReplicationDestination(
                region: try row.string("region"),
                registryId: try row.string("registry_id")
            ),
            route: try Self.decode(JobDestination.Route.self, row, "route"),
            copies: try row.bool("copy"),
            status: try Self.decode(VerificationResult.Status.self, row, "status"),
            observedDigest: try row.optionalString("observed_digest"),
            tagState: try row.optionalString("tag_state").flatMap(JobDestination.TagState.init(rawValue:)),
            tagDigest: try row.optionalString("tag_digest"),
            firstSeenAt: try Self.optionalDate(row, "first_seen_at"),
            latencySeconds: try row.optionalDouble("latency_seconds"),
            checks: Int(try row.int64("checks")),
            lastCheckedAt: try Self.optionalDate(row, "last_checked_at"),
            lastError: try row.optionalString("last_error"),
            copyReport: try row.optionalString("copy_report")
        )
    }

    static func check(from row: Row) throws -> JobCheck {
        JobCheck(
            id: try row.int64("id"),
            jobId: try row.int64("job_id"),
            destination: ReplicationDestination(
                region: try row.string("region"),
                registryId: try row.string("registry_id")
            ),
            checkedAt: Date(timeIntervalSince1970: try row.double("checked_at")),
            method: try row.string("method"),
            status: try Self.decode(VerificationResult.Status.self, row, "status"),
            observedDigest: try row.optionalString("observed_digest"),
            error: try row.optionalString("error")
        )
    }

    private static func optionalDate(_ row: Row, _ column: String) throws -> Date? {
        try row.optionalDouble(column).map { Date(timeIntervalSince1970: $0) }
    }

    private static func decode<Value: RawRepresentable>(_ type: Value.Type, _ row: Row, _ column: String) throws
        -> Value where Value.RawValue == String
    {
        let text = try row.string(column)
        guard let value = Value(rawValue: text) else {
            throw StoreError(kind: .decoding, message: "column \(column) contains unknown value '\(text)'")
        }
        return value
    }
}
