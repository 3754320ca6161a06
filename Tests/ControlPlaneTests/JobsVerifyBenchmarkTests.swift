import AWSClient
import Foundation
import Observability
import Testing

@testable import ControlPlane

/// Counts the AWS calls and wall time of one check round for many digests in two destinations: the
/// batched `DestinationVerifier` next to one DescribeImages call per digest per region, in the same run.
/// Runs only when `ECP_BENCH_VERIFY` is set and moto is up; bench/verify/run.sh sets both.
@Suite(
    "Job verification benchmark",
    .enabled(if: ProcessInfo.processInfo.environment["ECP_BENCH_VERIFY"] != nil),
    .enabled(if: ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"] != nil),
    .serialized
)
struct JobsVerifyBenchmarkTests {
    static let environment = ProcessInfo.processInfo.environment
    static let digestCount = Int(environment["ECP_BENCH_VERIFY_DIGESTS"] ?? "") ?? 1_000
    static let concurrency = Int(environment["ECP_BENCH_VERIFY_CONCURRENCY"] ?? "") ?? 8
    /// How many of the digests the second region has; the first region has all of them.
    static let presentInSecond = Int(environment["ECP_BENCH_VERIFY_PRESENT"] ?? "") ?? digestCount / 2
    static let account = "123456789012"
    static let regions = ["us-west-2", "eu-west-1"]

    static func awsEnvironment() -> [String: String] {
        [
            "AWS_ENDPOINT_URL": environment["ECP_TEST_MOTO_ENDPOINT"] ?? "http://127.0.0.1:9",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
    }

    /// Puts `count` distinct manifests into `repository` in `region`; the first `present` of them in the
    /// second region too. Returns every digest.
    static func fill(_ aws: AWSClient, repository: String, count: Int, presentInSecond present: Int) async throws
        -> [String]
    {
        for region in self.regions {
            _ = try await aws.ecr(region: region).createRepository(
                ECRCreateRepositoryRequest(repositoryName: repository)
            )
        }
        let manifests = (0..<count).map { index in
            """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":\
            {"mediaType":"application/vnd.docker.container.image.v1+json","size":7,"digest":\
            "sha256:\(String(format: "%064x", index))"},"layers":[]}
            """
        }
        let work = manifests.enumerated().flatMap { index, manifest in
            (index < present ? self.regions : [self.regions[0]]).map { (manifest, $0) }
        }
        _ = await boundedMap(work, limit: 8) { manifest, region in
            try? await aws.ecr(region: region).putImage(
                PutImageRequest(repositoryName: repository, imageManifest: manifest, imageTag: nil)
            )
        }
        return manifests.map(PutImageRequest.digest(of:))
    }

    @Test("batched lookups against one call per digest")
    func batchedAgainstPerDigest() async throws {
        let aws = AWSClient(configuration: AWSConfiguration(environment: Self.awsEnvironment()))
        let repository = "jobs-bench-" + UUID().uuidString.prefix(8).lowercased()
        let present = Self.presentInSecond
        let digests = try await Self.fill(
            aws,
            repository: repository,
            count: Self.digestCount,
            presentInSecond: present
        )
        let registry = RegistryContext(aws: aws, sourceRegion: "us-east-1", sourceAccount: Self.account)
        let targets = digests.flatMap { digest in
            Self.regions.map { region in
                VerificationTarget(
                    jobId: 1,
                    repository: repository,
                    digest: digest,
                    tag: nil,
                    destination: ReplicationDestination(region: region, registryId: Self.account)
                )
            }
        }

        let metrics = MetricsRegistry()
        let verifier = DestinationVerifier(registry: registry, metrics: metrics, maxConcurrentCalls: Self.concurrency)
        let batchedClock = ContinuousClock.now
        let batched = await verifier.check(targets, now: Date())
        let batchedTime = ContinuousClock.now - batchedClock
        let batchedCalls = Int(
            metrics.value(of: "ecp_job_aws_calls_total", labels: ["operation": "DescribeImages"]) ?? 0
        )

        let loopClock = ContinuousClock.now
        let looped = await boundedMap(targets, limit: Self.concurrency) { target in
            (target, await Self.describeOne(aws, target))
        }
        let loopTime = ContinuousClock.now - loopClock

        let batchedFound = Set(batched.filter { $0.value.status == .verified }.map(\.key))
        let loopFound = Set(looped.filter(\.1).map(\.0))
        #expect(batchedFound == loopFound)
        #expect(batchedFound.count == Self.digestCount + present)
        #expect(looped.count == targets.count)
        print(
            """
            verify-bench digests=\(Self.digestCount) destinations=\(Self.regions.count) \
            present=\(Self.digestCount)+\(present) concurrency=\(Self.concurrency)
            | method | AWS calls | wall time |
            |---|---|---|
            | batched (DestinationVerifier) | \(batchedCalls) | \(Self.seconds(batchedTime)) |
            | one DescribeImages per digest per region | \(targets.count) | \(Self.seconds(loopTime)) |
            """
        )
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.2f s", value)
    }

    /// Returns whether the digest of `target` is in its destination, with one DescribeImages call.
    static func describeOne(_ aws: AWSClient, _ target: VerificationTarget) async -> Bool {
        do {
            let response = try await aws.ecr(region: target.destination.region).describeImages(
                DescribeImagesRequest(
                    repositoryName: target.repository,
                    registryId: target.destination.registryId,
                    imageIds: [ImageIdentifier(imageDigest: target.digest)]
                )
            )
            return response.imageDetails?.isEmpty == false
        } catch {
            return false
        }
    }
}
