import ControlPlane

private let sourceRegion = try! AWSRegion(validating: "us-west-1", field: .root)
private let sourceAccount = try! RegistryID(validating: "123456789012", field: .root)

/// Repository names that reach the prefix matching of an accepted configuration.
private let repositoryNames = ["team/app", "team", "prod/service-a", "a", String(repeating: "x", count: 256)]

/// Validates the input as a replication configuration document and matches repositories against every
/// configuration the validator accepts.
///
/// An accepted configuration must respect ECR's rule, filter and destination limits and never replicate to
/// the source registry itself. A rejected one must name at least one problem.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplicationConfiguration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let document = UnsafeBufferPointer(start: data, count: size)
    let configuration: ReplicationConfiguration
    do {
        configuration = try ReplicationConfiguration(
            validating: document,
            sourceRegion: sourceRegion,
            sourceAccount: sourceAccount
        )
    } catch {
        precondition(!error.errors.isEmpty, "A rejected configuration has no field errors.")
        return 0
    }
    precondition(configuration.rules.count <= ReplicationConfiguration.maximumRules, "Too many rules accepted.")
    var destinations = Set<ReplicationDestination>()
    for rule in configuration.rules {
        precondition(!rule.destinations.isEmpty, "A rule without destinations was accepted.")
        precondition(
            (rule.repositoryFilters?.count ?? 0) <= ReplicationConfiguration.maximumFiltersPerRule,
            "Too many filters accepted."
        )
        for destination in rule.destinations {
            let isSource = destination.region == "us-west-1" && destination.registryId == "123456789012"
            precondition(!isSource, "A destination equal to the source registry was accepted.")
        }
        destinations.formUnion(rule.destinations)
    }
    precondition(
        destinations.count <= ReplicationConfiguration.maximumUniqueDestinations,
        "Too many unique destinations accepted."
    )
    for match in configuration.dryRun(repositoryNames: repositoryNames) {
        precondition(match.ruleIndexes.allSatisfy(configuration.rules.indices.contains), "A match names no rule.")
    }
    return 0
}
