/// The validated body of `POST /v1/repositories`:
/// `{"name", "scanOnPush", "tagMutability", "encryption": {"type", "kmsKey"}, "tags": {…}}`.
///
/// Only `name` is required; the others default to ECR's defaults (no scan on push, `MUTABLE`, `AES256`, no tags).
public struct CreateRepositoryRequest: Sendable, Hashable {
    public let name: RepositoryName
    public let settings: RepositorySettings

    public init(name: RepositoryName, settings: RepositorySettings) {
        self.name = name
        self.settings = settings
    }

    /// Parses and validates a request body, reporting every problem at once.
    ///
    /// - Parameters:
    ///   - data: the raw request body.
    ///   - region: the region the repository is created in; when given, a KMS key ARN must name that region,
    ///     because ECR encrypts with a key from the repository's own region.
    /// - Throws: `ValidationError` with each problem and its field, such as `encryption.kmsKey` or `tags.team`.
    public init<Bytes: Collection>(
        validating data: Bytes,
        region: AWSRegion? = nil
    ) throws(ValidationError) where Bytes.Element == UInt8 {
        let document = try JSONParser.parse(data)
        var collector = ValidationCollector()
        let allowed = ["name", "scanOnPush", "tagMutability", "encryption", "tags"]
        guard let body = JSONObjectReader(document, at: .root, allowedKeys: allowed, collector: &collector) else {
            try collector.finish()
            preconditionFailure("a non-object body always records a problem")
        }
        var name: RepositoryName?
        if let text = body.string("name", required: true, collector: &collector) {
            do {
                name = try RepositoryName(validating: text, field: body.path.key("name"))
            } catch {
                collector.add(contentsOf: error)
            }
        }
        var settings = RepositorySettings()
        settings.scanOnPush = body.bool("scanOnPush", required: false, collector: &collector) ?? false
        settings.tagMutability = RepositoryRequestFields.tagMutability(body, collector: &collector) ?? .mutable
        settings.encryption =
            RepositoryRequestFields.encryption(body, region: region, collector: &collector) ?? RepositoryEncryption()
        settings.tags = RepositoryRequestFields.tags(body, collector: &collector) ?? [:]
        try collector.finish()
        guard let name else {
            preconditionFailure("a missing or invalid name always records a problem")
        }
        self.init(name: name, settings: settings)
    }
}

/// Readers for the repository fields shared by the create and update bodies.
enum RepositoryRequestFields {
    static func tagMutability(_ body: JSONObjectReader, collector: inout ValidationCollector) -> TagMutability? {
        guard let text = body.string("tagMutability", required: false, collector: &collector) else {
            return nil
        }
        guard let value = TagMutability(rawValue: text) else {
            collector.add(body.path.key("tagMutability"), "must be 'MUTABLE' or 'IMMUTABLE'; got '\(text)'")
            return nil
        }
        return value
    }

    static func encryption(
        _ body: JSONObjectReader,
        region: AWSRegion?,
        collector: inout ValidationCollector
    ) -> RepositoryEncryption? {
        guard let value = body.value("encryption", required: false, collector: &collector),
            let object = JSONObjectReader(
                value,
                at: body.path.key("encryption"),
                allowedKeys: ["type", "kmsKey"],
                collector: &collector
            ),
            let typeText = object.string("type", required: true, collector: &collector)
        else {
            return nil
        }
        let kmsKey = object.string("kmsKey", required: false, collector: &collector)
        guard let type = RepositoryEncryption.EncryptionType(rawValue: typeText) else {
            collector.add(object.path.key("type"), "must be 'AES256' or 'KMS'; got '\(typeText)'")
            return nil
        }
        let keyPath = object.path.key("kmsKey")
        if let kmsKey {
            if type == .aes256 {
                collector.add(keyPath, "is only allowed when type is 'KMS'; remove it or set type to 'KMS'")
            } else if let reference = KMSKeyReference(kmsKey) {
                if let region, let keyRegion = reference.region, keyRegion != region.rawValue {
                    collector.add(
                        keyPath,
                        "names region \(keyRegion) but the repository is in \(region); use a key from \(region)"
                    )
                }
            } else {
                collector.add(
                    keyPath,
                    "must be a KMS key id, key ARN, alias name ('alias/…') or alias ARN; got '\(kmsKey)'"
                )
            }
        }
        return RepositoryEncryption(type: type, kmsKey: kmsKey)
    }

    static func tags(_ body: JSONObjectReader, collector: inout ValidationCollector) -> [String: String]? {
        guard let value = body.value("tags", required: false, collector: &collector) else {
            return nil
        }
        let path = body.path.key("tags")
        guard case .object(let members) = value else {
            collector.add(path, "must be an object of tag keys to string values; got \(value.typeDescription)")
            return nil
        }
        var tags: [String: String] = [:]
        for member in members {
            guard case .string(let text) = member.value else {
                collector.add(path.key(member.key), "tag value must be a string; got \(member.value.typeDescription)")
                continue
            }
            if tags[member.key] != nil {
                collector.add(path.key(member.key), "appears more than once; give each tag key once")
            }
            tags[member.key] = text
        }
        ResourceTags.validate(tags, at: path, collector: &collector)
        return tags
    }
}
