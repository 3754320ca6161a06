import AWSClient
import ControlPlane
import Testing

/// Copier checks that fail before any AWS call. The AWS endpoint is a closed local port.
@Suite struct CopyImageCopierTests {
    static let account = "123456789012"
    static let registry = RegistryContext(
        aws: AWSClient(
            configuration: AWSConfiguration(environment: [
                "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_EC2_METADATA_DISABLED": "true",
            ])
        ),
        sourceRegion: "us-east-2",
        sourceAccount: account
    )
    static let copier = ImageCopier(registry: registry, logger: .disabled)
    static let source = ControlPlane.ReplicationDestination(region: "us-east-2", registryId: account)
    static let digest = "sha256:" + String(repeating: "0", count: 64)

    @Test func sameRegistryRejected() async {
        let error = await #expect(throws: ImageCopyError.self) {
            _ = try await Self.copier.copy(
                repository: "team/app",
                digest: Self.digest,
                from: Self.source,
                to: Self.source
            )
        }
        #expect(error?.step == .ensureRepository)
        #expect(error?.awsError == nil)
    }

    @Test(arguments: ["sha256:ABC", "sha512:" + String(repeating: "0", count: 128), "latest"])
    func invalidDigestRejected(digest: String) async {
        let destination = ControlPlane.ReplicationDestination(region: "eu-central-1", registryId: Self.account)
        let error = await #expect(throws: ImageCopyError.self) {
            _ = try await Self.copier.copy(repository: "team/app", digest: digest, from: Self.source, to: destination)
        }
        #expect(error?.step == .readManifest)
        #expect(error?.digest == digest)
        #expect(error?.awsError == nil)
    }

    @Test func accountWithoutRoleRejected() async {
        let destination = ControlPlane.ReplicationDestination(region: "eu-central-1", registryId: "999999999999")
        let error = await #expect(throws: ImageCopyError.self) {
            _ = try await Self.copier.copy(
                repository: "team/app",
                digest: Self.digest,
                from: Self.source,
                to: destination
            )
        }
        #expect(error?.step == .ensureRepository)
        #expect(error?.registryId == "999999999999")
    }

    @Test func retryableErrors() {
        let throttled = AWSError(kind: .service, code: "ThrottlingException", message: "slow down", statusCode: 400)
        let missing = AWSError(kind: .service, code: "RepositoryNotFoundException", message: "gone", statusCode: 400)
        let unavailable = AWSError(kind: .service, code: "ServiceUnavailable", message: "busy", statusCode: 503)
        let error = { (awsError: AWSError?) in
            ImageCopyError(
                .putManifest,
                repository: "r",
                region: "eu-central-1",
                registryId: Self.account,
                message: "m",
                awsError: awsError
            )
        }
        #expect(error(throttled).isRetryable)
        #expect(error(unavailable).isRetryable)
        #expect(!error(missing).isRetryable)
        #expect(!error(nil).isRetryable)
    }
}
