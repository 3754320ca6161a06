import ControlPlane

/// The body of `POST /v1/replication-jobs`.
struct ReplicationJobRequestBody: Decodable {
    struct Destination: Decodable {
        let region: String
        let registryId: String
    }

    let repository: String
    let digest: String?
    let tag: String?
    let destinations: [Destination]?
    let deadlineSeconds: Int?
    let mode: String?

    /// Returns the job request; `mode` must be `verify` or `copy`.
    func jobRequest() throws -> JobRequest {
        var mode = ReplicationJob.Mode.verify
        if let text = self.mode {
            guard let value = ReplicationJob.Mode(rawValue: text) else {
                throw APIError.invalidField("mode", "must be verify or copy; got '\(text)'")
            }
            mode = value
        }
        return JobRequest(
            repository: self.repository,
            digest: self.digest,
            tag: self.tag,
            destinations: self.destinations?.map {
                ReplicationDestination(region: $0.region, registryId: $0.registryId)
            },
            deadlineSeconds: self.deadlineSeconds,
            mode: mode,
            trigger: .api
        )
    }
}

/// The body of `POST /v1/webhooks/ci`.
struct CIWebhookBody: Decodable {
    struct Pipeline: Decodable {
        let id: String?
        let commit: String?
        let url: String?
    }

    let repository: String
    let tag: String?
    let digest: String?
    let pipeline: Pipeline?

    func jobRequest() -> JobRequest {
        JobRequest(
            repository: self.repository,
            digest: self.digest,
            tag: self.tag,
            trigger: .webhook,
            pipeline: self.pipeline.map { ReplicationJob.Pipeline(id: $0.id, commit: $0.commit, url: $0.url) }
        )
    }
}
