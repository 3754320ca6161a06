import ControlPlane
import Foundation
import Observability

/// A job as the API returns it. Every field is present, null when unknown, so clients see one shape.
struct ReplicationJobDTO: Encodable {
    let job: ReplicationJob
    /// The newest checks, included when the request sets `history=true`.
    let checks: [JobCheck]?

    init(_ job: ReplicationJob, checks: [JobCheck]? = nil) {
        self.job = job
        self.checks = checks
    }

    private enum Key: String, CodingKey {
        case id, repository, digest, tag, state, mode, trigger, requester, sourceRegion, sourceAccount
        case deadlineSeconds, deadline, attempts, pushedAt, pipeline, createdAt, startedAt, finishedAt
        case updatedAt, nextCheckAt, lastError, progress, destinations, checks
    }

    func encode(to encoder: any Encoder) throws {
        let job = self.job
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(job.id, forKey: .id)
        try container.encode(job.repository, forKey: .repository)
        try container.encode(job.digest, forKey: .digest)
        try container.encode(job.tag, forKey: .tag)
        try container.encode(job.state.rawValue, forKey: .state)
        try container.encode(job.mode.rawValue, forKey: .mode)
        try container.encode(job.trigger.rawValue, forKey: .trigger)
        try container.encode(job.requester, forKey: .requester)
        try container.encode(job.sourceRegion, forKey: .sourceRegion)
        try container.encode(job.sourceAccount, forKey: .sourceAccount)
        try container.encode(job.deadlineSeconds, forKey: .deadlineSeconds)
        try container.encode(RFC3339.string(from: job.deadline), forKey: .deadline)
        try container.encode(job.attempts, forKey: .attempts)
        try container.encode(job.pushedAt.map(RFC3339.string(from:)), forKey: .pushedAt)
        try container.encode(job.pipeline.map(PipelineDTO.init), forKey: .pipeline)
        try container.encode(RFC3339.string(from: job.createdAt), forKey: .createdAt)
        try container.encode(job.startedAt.map(RFC3339.string(from:)), forKey: .startedAt)
        try container.encode(job.finishedAt.map(RFC3339.string(from:)), forKey: .finishedAt)
        try container.encode(RFC3339.string(from: job.updatedAt), forKey: .updatedAt)
        let nextCheck = job.state.isFinal ? nil : RFC3339.string(from: job.nextCheckAt)
        try container.encode(nextCheck, forKey: .nextCheckAt)
        try container.encode(job.lastError, forKey: .lastError)
        try container.encode(ProgressDTO(job), forKey: .progress)
        try container.encode(job.destinations.map(JobDestinationDTO.init), forKey: .destinations)
        if let checks = self.checks {
            try container.encode(checks.map(JobCheckDTO.init), forKey: .checks)
        }
    }
}

/// `n of m verified`, as numbers and as text for runbooks.
struct ProgressDTO: Encodable {
    let verified: Int
    let total: Int
    let summary: String

    init(_ job: ReplicationJob) {
        self.verified = job.verifiedCount
        self.total = job.destinations.count
        self.summary = "\(self.verified) of \(self.total) verified"
    }
}

struct PipelineDTO: Encodable {
    let id: String?
    let commit: String?
    let url: String?

    init(_ pipeline: ReplicationJob.Pipeline) {
        self.id = pipeline.id
        self.commit = pipeline.commit
        self.url = pipeline.url
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.commit, forKey: .commit)
        try container.encode(self.url, forKey: .url)
    }

    private enum CodingKeys: String, CodingKey {
        case id, commit, url
    }
}

struct JobDestinationDTO: Encodable {
    let destination: JobDestination

    init(_ destination: JobDestination) {
        self.destination = destination
    }

    private enum Key: String, CodingKey {
        case region, registryId, route, copy, status, observedDigest, tagState, tagDigest, firstSeenAt
        case latencySeconds, checks, lastCheckedAt, lastError, copyReport
    }

    func encode(to encoder: any Encoder) throws {
        let destination = self.destination
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(destination.destination.region, forKey: .region)
        try container.encode(destination.destination.registryId, forKey: .registryId)
        try container.encode(destination.route.rawValue, forKey: .route)
        try container.encode(destination.copies, forKey: .copy)
        try container.encode(destination.status.rawValue, forKey: .status)
        try container.encode(destination.observedDigest, forKey: .observedDigest)
        try container.encode(destination.tagState?.rawValue, forKey: .tagState)
        try container.encode(destination.tagDigest, forKey: .tagDigest)
        try container.encode(destination.firstSeenAt.map(RFC3339.string(from:)), forKey: .firstSeenAt)
        try container.encode(destination.latencySeconds, forKey: .latencySeconds)
        try container.encode(destination.checks, forKey: .checks)
        try container.encode(destination.lastCheckedAt.map(RFC3339.string(from:)), forKey: .lastCheckedAt)
        try container.encode(destination.lastError, forKey: .lastError)
        let report = destination.copyReport.flatMap {
            try? JSONDecoder().decode(ImageCopyReport.self, from: Data($0.utf8))
        }
        try container.encode(report, forKey: .copyReport)
    }
}

struct JobCheckDTO: Encodable {
    let check: JobCheck

    init(_ check: JobCheck) {
        self.check = check
    }

    private enum Key: String, CodingKey {
        case id, region, registryId, checkedAt, method, status, observedDigest, error
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(self.check.id, forKey: .id)
        try container.encode(self.check.destination.region, forKey: .region)
        try container.encode(self.check.destination.registryId, forKey: .registryId)
        try container.encode(RFC3339.string(from: self.check.checkedAt), forKey: .checkedAt)
        try container.encode(self.check.method, forKey: .method)
        try container.encode(self.check.status.rawValue, forKey: .status)
        try container.encode(self.check.observedDigest, forKey: .observedDigest)
        try container.encode(self.check.error, forKey: .error)
    }
}
