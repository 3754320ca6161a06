import Foundation
import Observability

/// Checks that the configured credentials and endpoints work: resolves credentials once, then calls STS
/// GetCallerIdentity and ECR DescribeRegistry in each region.
public enum Doctor {
    /// Runs every check and returns the results in order; it never throws, because a failure is a result.
    /// - Parameters:
    ///   - configuration: the settings to check.
    ///   - regions: the regions to call; empty means the configured source region.
    ///   - logger: receives the client's per-call debug events.
    ///   - transport: replaces URLSession, for tests.
    public static func run(
        configuration: AWSConfiguration,
        regions: [String],
        logger: Logger = .disabled,
        transport: (any HTTPTransport)? = nil
    ) async -> [DoctorCheck] {
        let client = AWSClient(configuration: configuration, logger: logger, transport: transport)
        return await self.run(client: client, regions: regions)
    }

    /// Runs every check with an existing client.
    public static func run(client: AWSClient, regions: [String]) async -> [DoctorCheck] {
        let configured = client.configuration.sourceRegion ?? client.configuration.region
        let targets = regions.isEmpty ? configured.map { [$0] } ?? [] : regions
        var checks = [await self.checkCredentials(client)]
        guard checks[0].ok else {
            return checks
        }
        if targets.isEmpty {
            checks.append(
                DoctorCheck(
                    name: "region",
                    region: "-",
                    ok: false,
                    detail: "No region is configured; set AWS_REGION or ECP_SOURCE_REGION, or pass --region.",
                    errorCode: "ConfigurationError"
                )
            )
        }
        for region in targets {
            checks.append(await self.checkCallerIdentity(client, region: region))
            checks.append(await self.checkRegistry(client, region: region))
        }
        return checks
    }

    /// Returns one line per check: status, name, region, detail.
    public static func format(_ check: DoctorCheck) -> String {
        let status = check.ok ? "OK  " : "FAIL"
        let name = check.name.padding(toLength: max(check.name.count, 24), withPad: " ", startingAt: 0)
        let region = check.region.padding(toLength: max(check.region.count, 15), withPad: " ", startingAt: 0)
        return "\(status) \(name) \(region) \(check.detail)"
    }

    private static func checkCredentials(_ client: AWSClient) async -> DoctorCheck {
        let name = "credentials"
        do {
            guard let credentials = try await client.credentialProvider.credentials() else {
                return DoctorCheck(
                    name: name,
                    region: "-",
                    ok: false,
                    detail: "No credentials found in the environment, shared files, web identity, container or "
                        + "instance metadata.",
                    errorCode: "CredentialsError"
                )
            }
            let kind = credentials.sessionToken == nil ? "long-term" : "temporary"
            return DoctorCheck(
                name: name,
                region: "-",
                ok: true,
                detail: "\(kind) access key \(self.masked(credentials.accessKeyId))"
            )
        } catch {
            return DoctorCheck.failure(name, region: "-", error: error)
        }
    }

    private static func checkCallerIdentity(_ client: AWSClient, region: String) async -> DoctorCheck {
        let name = "sts.GetCallerIdentity"
        do {
            let identity = try await client.sts(region: region).getCallerIdentity()
            return DoctorCheck(
                name: name,
                region: region,
                ok: true,
                detail: "account \(identity.account) as \(identity.arn)"
            )
        } catch {
            return DoctorCheck.failure(name, region: region, error: error)
        }
    }

    private static func checkRegistry(_ client: AWSClient, region: String) async -> DoctorCheck {
        let name = "ecr.DescribeRegistry"
        do {
            let registry = try await client.ecr(region: region).describeRegistry()
            let rules = registry.replicationConfiguration?.rules.count ?? 0
            return DoctorCheck(
                name: name,
                region: region,
                ok: true,
                detail: "registry \(registry.registryId ?? "unknown") with \(rules) replication rule(s)"
            )
        } catch {
            return DoctorCheck.failure(name, region: region, error: error)
        }
    }

    /// Shows the first four and last four characters of an access key id, enough to tell keys apart.
    static func masked(_ accessKeyId: String) -> String {
        guard accessKeyId.count > 8 else {
            return String(repeating: "*", count: accessKeyId.count)
        }
        return "\(accessKeyId.prefix(4))…\(accessKeyId.suffix(4))"
    }
}
