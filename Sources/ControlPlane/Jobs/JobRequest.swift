/// A request for a job as a caller sends it, before the digest and the destinations are resolved.
public struct JobRequest: Sendable, Hashable {
    /// The allowed deadlines: 1 second to 7 days.
    public static let deadlineRange = 1...604_800
    /// The maximum length in bytes of a pipeline id, commit or URL stored with a job.
    public static let maxPipelineFieldLength = 2_048

    public var repository: String
    public var digest: String?
    public var tag: String?
    /// Destinations named by the caller; nil takes them from the replication configuration and copy rules.
    public var destinations: [ReplicationDestination]?
    public var deadlineSeconds: Int?
    public var mode: ReplicationJob.Mode
    public var trigger: ReplicationJob.Trigger
    public var pipeline: ReplicationJob.Pipeline?

    public init(
        repository: String,
        digest: String? = nil,
        tag: String? = nil,
        destinations: [ReplicationDestination]? = nil,
        deadlineSeconds: Int? = nil,
        mode: ReplicationJob.Mode = .verify,
        trigger: ReplicationJob.Trigger,
        pipeline: ReplicationJob.Pipeline? = nil
    ) {
        self.repository = repository
        self.digest = digest
        self.tag = tag
        self.destinations = destinations
        self.deadlineSeconds = deadlineSeconds
        self.mode = mode
        self.trigger = trigger
        self.pipeline = pipeline
    }

    /// Checks every field and reports all problems at once.
    ///
    /// - Throws: `ValidationError` naming each invalid field.
    public func validate() throws(ValidationError) {
        var collector = ValidationCollector()
        if let problem = RepositoryName.problem(in: self.repository) {
            collector.add(.root.key("repository"), problem)
        }
        if self.digest == nil && self.tag == nil {
            collector.add(.root.key("digest"), "is missing; send a digest, a tag, or both")
        }
        if let digest = self.digest, !Self.isDigest(digest) {
            collector.add(.root.key("digest"), "must be sha256: followed by 64 lowercase hex digits; got '\(digest)'")
        }
        if let tag = self.tag, let problem = ImageTag.problem(in: tag) {
            collector.add(.root.key("tag"), problem)
        }
        if let seconds = self.deadlineSeconds, !Self.deadlineRange.contains(seconds) {
            collector.add(
                .root.key("deadlineSeconds"),
                "must be from 1 to \(Self.deadlineRange.upperBound) seconds; got \(seconds)"
            )
        }
        for (index, destination) in (self.destinations ?? []).enumerated() {
            let path = FieldPath.root.key("destinations").index(index)
            if let problem = AWSRegion.problem(in: destination.region) {
                collector.add(path.key("region"), problem)
            }
            if let problem = RegistryID.problem(in: destination.registryId) {
                collector.add(path.key("registryId"), problem)
            }
        }
        let pipelineFields = [
            ("id", self.pipeline?.id), ("commit", self.pipeline?.commit), ("url", self.pipeline?.url),
        ]
        for (name, value) in pipelineFields where (value?.utf8.count ?? 0) > Self.maxPipelineFieldLength {
            collector.add(.root.key("pipeline").key(name), "must be at most \(Self.maxPipelineFieldLength) bytes")
        }
        if let destinations = self.destinations, destinations.isEmpty {
            collector.add(.root.key("destinations"), "is empty; omit it to use the replication rules and copy rules")
        }
        try collector.finish()
    }

    /// True for `sha256:` and 64 lowercase hex digits, the form of every ECR image digest.
    public static func isDigest(_ text: String) -> Bool {
        let hex = text.utf8.dropFirst(7)
        return text.hasPrefix("sha256:") && hex.count == 64
            && hex.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
