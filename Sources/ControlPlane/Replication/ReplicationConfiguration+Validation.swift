extension ReplicationConfiguration {
    /// Parses and validates a replication configuration document for a registry in `sourceRegion` owned by
    /// `sourceAccount`, reporting every problem at once with its field, e.g. `rules[2].destinations[0].region`.
    ///
    /// The checks are ECR's limits. A configuration has at most 10 rules and 25 unique destinations over all
    /// rules. Every rule has destinations and at most 100 `PREFIX_MATCH` filters of ECR's filter pattern. A
    /// destination has a valid region name in the source's partition and a 12-digit registry id, and is not the
    /// source region and account together. Unknown keys and JSON nulls are rejected too, because the document is
    /// forwarded to ECR as given.
    ///
    /// - Throws: `ValidationError` listing every problem found.
    public init<Bytes: Collection>(
        validating data: Bytes,
        sourceRegion: AWSRegion,
        sourceAccount: RegistryID
    ) throws(ValidationError) where Bytes.Element == UInt8 {
        let document = try JSONParser.parse(data)
        var reader = ReplicationConfigurationReader(sourceRegion: sourceRegion, sourceAccount: sourceAccount)
        let configuration = reader.read(document)
        try reader.collector.finish()
        self = configuration
    }
}

/// Reads and checks a replication configuration document, recording every problem.
struct ReplicationConfigurationReader {
    let sourceRegion: AWSRegion
    let sourceAccount: RegistryID
    var collector = ValidationCollector()
    /// The first path of each unique destination, for duplicate and limit messages.
    private var uniqueDestinations: [ReplicationDestination: FieldPath] = [:]

    init(sourceRegion: AWSRegion, sourceAccount: RegistryID) {
        self.sourceRegion = sourceRegion
        self.sourceAccount = sourceAccount
    }

    mutating func read(_ document: JSONValue) -> ReplicationConfiguration {
        guard let root = JSONObjectReader(document, at: .root, allowedKeys: ["rules"], collector: &self.collector),
            let elements = root.array("rules", required: true, collector: &self.collector)
        else {
            return ReplicationConfiguration(rules: [])
        }
        let rulesPath = FieldPath.root.key("rules")
        if elements.count > ReplicationConfiguration.maximumRules {
            self.collector.add(
                rulesPath,
                "must contain at most \(ReplicationConfiguration.maximumRules) rules; got \(elements.count)"
            )
        }
        var rules: [ReplicationRule] = []
        for (index, element) in elements.enumerated() {
            if let rule = self.readRule(element, at: rulesPath.index(index)) {
                rules.append(rule)
            }
        }
        return ReplicationConfiguration(rules: rules)
    }

    private mutating func readRule(_ value: JSONValue, at path: FieldPath) -> ReplicationRule? {
        let allowed = ["destinations", "repositoryFilters"]
        guard let rule = JSONObjectReader(value, at: path, allowedKeys: allowed, collector: &self.collector) else {
            return nil
        }
        let destinations = self.readDestinations(rule)
        let filters = self.readFilters(rule)
        guard let destinations else {
            return nil
        }
        return ReplicationRule(destinations: destinations, repositoryFilters: filters)
    }

    private mutating func readDestinations(_ rule: JSONObjectReader) -> [ReplicationDestination]? {
        guard let elements = rule.array("destinations", required: true, collector: &self.collector) else {
            return nil
        }
        let path = rule.path.key("destinations")
        if elements.isEmpty {
            self.collector.add(path, "must contain at least one destination; a rule without destinations does nothing")
        }
        var destinations: [ReplicationDestination] = []
        var seenInRule: [ReplicationDestination: Int] = [:]
        for (index, element) in elements.enumerated() {
            guard let destination = self.readDestination(element, at: path.index(index)) else {
                continue
            }
            if let earlier = seenInRule[destination] {
                self.collector.add(
                    path.index(index),
                    "repeats destinations[\(earlier)] of this rule; list each destination once"
                )
            }
            seenInRule[destination] = seenInRule[destination] ?? index
            self.countUnique(destination, at: path.index(index))
            destinations.append(destination)
        }
        return destinations
    }

    private mutating func countUnique(_ destination: ReplicationDestination, at path: FieldPath) {
        guard self.uniqueDestinations[destination] == nil else {
            return
        }
        self.uniqueDestinations[destination] = path
        if self.uniqueDestinations.count == ReplicationConfiguration.maximumUniqueDestinations + 1 {
            self.collector.add(
                path,
                "is unique destination number \(self.uniqueDestinations.count); ECR allows at most "
                    + "\(ReplicationConfiguration.maximumUniqueDestinations) unique destinations over all rules"
            )
        }
    }

    private mutating func readDestination(_ value: JSONValue, at path: FieldPath) -> ReplicationDestination? {
        let allowed = ["region", "registryId"]
        guard let object = JSONObjectReader(value, at: path, allowedKeys: allowed, collector: &self.collector) else {
            return nil
        }
        let regionText = object.string("region", required: true, collector: &self.collector)
        let registryText = object.string("registryId", required: true, collector: &self.collector)
        var region: AWSRegion?
        if let regionText {
            region = self.checkRegion(regionText, at: path.key("region"))
        }
        if let registryText, let problem = RegistryID.problem(in: registryText) {
            self.collector.add(path.key("registryId"), problem)
            return nil
        }
        guard let region, let registryText else {
            return nil
        }
        if region == self.sourceRegion && registryText == self.sourceAccount.rawValue {
            self.collector.add(
                path,
                "is the source registry itself (\(region), \(registryText)); choose another region or account"
            )
        }
        return ReplicationDestination(region: region.rawValue, registryId: registryText)
    }

    private mutating func checkRegion(_ text: String, at path: FieldPath) -> AWSRegion? {
        let region: AWSRegion
        do {
            region = try AWSRegion(validating: text, field: path)
        } catch {
            self.collector.add(contentsOf: error)
            return nil
        }
        // ECR replicates only within one partition.
        if region.partition != self.sourceRegion.partition {
            self.collector.add(
                path,
                "is in partition \(region.partition.rawValue) but the source region \(self.sourceRegion) is in "
                    + "\(self.sourceRegion.partition.rawValue); ECR cannot replicate across partitions"
            )
            return nil
        }
        return region
    }

    private mutating func readFilters(_ rule: JSONObjectReader) -> [RepositoryFilter]? {
        guard let elements = rule.array("repositoryFilters", required: false, collector: &self.collector) else {
            return nil
        }
        let path = rule.path.key("repositoryFilters")
        if elements.isEmpty {
            self.collector.add(path, "must contain 1 to 100 filters; omit the field to match every repository")
        } else if elements.count > ReplicationConfiguration.maximumFiltersPerRule {
            self.collector.add(
                path,
                "must contain at most \(ReplicationConfiguration.maximumFiltersPerRule) filters; got \(elements.count)"
            )
        }
        return elements.enumerated().compactMap { index, element in
            self.readFilter(element, at: path.index(index))
        }
    }

    private mutating func readFilter(_ value: JSONValue, at path: FieldPath) -> RepositoryFilter? {
        let allowed = ["filter", "filterType"]
        guard let object = JSONObjectReader(value, at: path, allowedKeys: allowed, collector: &self.collector) else {
            return nil
        }
        let filter = object.string("filter", required: true, collector: &self.collector)
        let typeText = object.string("filterType", required: true, collector: &self.collector)
        if let filter, let problem = RepositoryFilterPattern.problem(in: filter) {
            self.collector.add(path.key("filter"), problem)
        }
        if let typeText, RepositoryFilter.FilterType(rawValue: typeText) == nil {
            self.collector.add(
                path.key("filterType"),
                "must be 'PREFIX_MATCH', the only type ECR supports; got '\(typeText)'"
            )
        }
        guard let filter, let typeText, let type = RepositoryFilter.FilterType(rawValue: typeText) else {
            return nil
        }
        return RepositoryFilter(filter: filter, filterType: type)
    }
}
