extension CopyRuleDraft {
    /// Parses and validates a copy rule document, reporting every problem at once with its field path.
    ///
    /// The document is `{"repositoryPrefix", "tagPattern"?, "destinations": [{"region", "registryId"}]}`.
    /// The prefix follows ECR's replication filter rules, the tag pattern has tag characters and at most 4 `*`
    /// wildcards, and there are 1 to 25 distinct destinations with valid region names (any partition) and
    /// 12-digit registry ids. When `sourceAccount` is given, a destination equal to the source region and
    /// account is rejected. Without it, that check is left to the caller.
    ///
    /// - Throws: `ValidationError` listing every problem found.
    public init<Bytes: Collection>(
        validating data: Bytes,
        sourceRegion: String,
        sourceAccount: String?
    ) throws(ValidationError) where Bytes.Element == UInt8 {
        let document = try JSONParser.parse(data)
        var collector = ValidationCollector()
        let allowed = ["repositoryPrefix", "tagPattern", "destinations"]
        guard let root = JSONObjectReader(document, at: .root, allowedKeys: allowed, collector: &collector) else {
            throw ValidationError(collector.errors)
        }
        let prefix = root.string("repositoryPrefix", required: true, collector: &collector)
        if let prefix, let problem = RepositoryFilterPattern.problem(in: prefix) {
            collector.add(FieldPath.root.key("repositoryPrefix"), problem)
        }
        let pattern = root.string("tagPattern", required: false, collector: &collector)
        if let pattern, let problem = Self.problem(inTagPattern: pattern) {
            collector.add(FieldPath.root.key("tagPattern"), problem)
        }
        let destinations = Self.readDestinations(root, collector: &collector)
        let source = ReplicationDestination(region: sourceRegion, registryId: sourceAccount ?? "")
        for (index, destination) in destinations.enumerated() where destination == source {
            collector.add(
                FieldPath.root.key("destinations").index(index),
                "is the source registry itself (\(destination)); choose another region or account"
            )
        }
        try collector.finish()
        self.init(repositoryPrefix: prefix ?? "", tagPattern: pattern, destinations: destinations)
    }

    /// Describes the first rule that a tag pattern breaks, or returns nil for a valid one.
    ///
    /// A pattern is 1 to 300 characters of letters, digits, `_`, `.`, `-` and `*`, because it is matched
    /// against tags, which ECR limits to 300 characters of the others.
    public static func problem(inTagPattern pattern: String) -> String? {
        let length = pattern.unicodeScalars.count
        guard ImageTag.lengthRange.contains(length) else {
            return "must be between 1 and 300 characters; got \(length)"
        }
        let isAllowed: (Unicode.Scalar) -> Bool = { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "_.-*".unicodeScalars.contains(scalar))
        }
        if let invalid = pattern.unicodeScalars.first(where: { !isAllowed($0) }) {
            return "contains '\(invalid)', which is not allowed; use letters, digits, '_', '.', '-' and '*'"
        }
        let wildcards = TagPattern(pattern).wildcardCount
        guard wildcards <= Self.maximumWildcards else {
            return "must contain at most \(Self.maximumWildcards) '*' wildcards; got \(wildcards)"
        }
        return nil
    }

    private static func readDestinations(
        _ root: JSONObjectReader,
        collector: inout ValidationCollector
    ) -> [ReplicationDestination] {
        guard let elements = root.array("destinations", required: true, collector: &collector) else {
            return []
        }
        let path = FieldPath.root.key("destinations")
        if elements.isEmpty {
            collector.add(path, "must contain at least one destination; a rule without destinations copies nothing")
        } else if elements.count > Self.maximumDestinations {
            collector.add(path, "must contain at most \(Self.maximumDestinations) destinations; got \(elements.count)")
        }
        var destinations: [ReplicationDestination] = []
        for (index, element) in elements.enumerated() {
            guard let destination = Self.readDestination(element, at: path.index(index), collector: &collector) else {
                continue
            }
            if let earlier = destinations.firstIndex(of: destination) {
                collector.add(path.index(index), "repeats destinations[\(earlier)]; list each destination once")
            }
            destinations.append(destination)
        }
        return destinations
    }

    private static func readDestination(
        _ value: JSONValue,
        at path: FieldPath,
        collector: inout ValidationCollector
    ) -> ReplicationDestination? {
        let allowed = ["region", "registryId"]
        guard let object = JSONObjectReader(value, at: path, allowedKeys: allowed, collector: &collector) else {
            return nil
        }
        let region = object.string("region", required: true, collector: &collector)
        let registryId = object.string("registryId", required: true, collector: &collector)
        var isValid = true
        if let region, let problem = AWSRegion.problem(in: region) {
            collector.add(path.key("region"), problem)
            isValid = false
        }
        if let registryId, let problem = RegistryID.problem(in: registryId) {
            collector.add(path.key("registryId"), problem)
            isValid = false
        }
        guard isValid, let region, let registryId else {
            return nil
        }
        return ReplicationDestination(region: region, registryId: registryId)
    }
}
