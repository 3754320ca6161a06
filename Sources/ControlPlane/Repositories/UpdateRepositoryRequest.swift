/// The validated body of `PATCH /v1/repositories/{name}`: `{"scanOnPush", "tagMutability"}`, at least one.
///
/// ECR cannot change a repository's name or encryption after creation, so those fields are rejected with that
/// reason rather than ignored.
public struct UpdateRepositoryRequest: Sendable, Hashable {
    public let scanOnPush: Bool?
    public let tagMutability: TagMutability?

    public init(scanOnPush: Bool? = nil, tagMutability: TagMutability? = nil) {
        self.scanOnPush = scanOnPush
        self.tagMutability = tagMutability
    }

    /// Parses and validates a request body, reporting every problem at once.
    ///
    /// - Throws: `ValidationError` with each problem and its field.
    public init<Bytes: Collection>(validating data: Bytes) throws(ValidationError) where Bytes.Element == UInt8 {
        let document = try JSONParser.parse(data)
        var collector = ValidationCollector()
        let allowed = ["scanOnPush", "tagMutability", "name", "encryption"]
        guard let body = JSONObjectReader(document, at: .root, allowedKeys: allowed, collector: &collector) else {
            try collector.finish()
            preconditionFailure("a non-object body always records a problem")
        }
        for key in ["name", "encryption"] where body.contains(key) {
            collector.add(body.path.key(key), "cannot be changed after the repository is created; remove it")
        }
        let scanOnPush = body.bool("scanOnPush", required: false, collector: &collector)
        let tagMutability = RepositoryRequestFields.tagMutability(body, collector: &collector)
        if !body.contains("scanOnPush") && !body.contains("tagMutability") && collector.isEmpty {
            collector.add(.root, "must set at least one of 'scanOnPush' or 'tagMutability'")
        }
        try collector.finish()
        self.init(scanOnPush: scanOnPush, tagMutability: tagMutability)
    }
}
