import API
import AWSClient
import ControlPlane
import Crypto
import Foundation
import HTTPServer
import Observability
import Store
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The job suites' fixtures: the shared moto, the us-east-1 replication configuration that sends
/// `jobs-` repositories to us-west-2 and eu-west-1, image pushes, and a server with a running job runner.
///
/// These suites are the only writers of the us-east-1 registry replication configuration; every
/// repository they use starts with `jobs-` and ends with a random suffix.
enum ReplicationJobTestKit {
    static let motoAvailable = ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"] != nil
    static let account = "123456789012"
    static let sourceRegion = "us-east-1"
    static let destinationRegions = ["us-west-2", "eu-west-1"]
    static let prefix = "jobs-"
    static let webhookSecret = "ci-webhook-secret-for-tests"
    static let eventBridgeSecret = "eventbridge-secret-for-tests"
    static let aws = AWSClient(configuration: AWSConfiguration(environment: TestApplication.awsEnvironment))
    static let manifestMediaType = "application/vnd.docker.distribution.manifest.v2+json"

    /// Sets the replication configuration once per test process.
    static let configured = Task {
        let rule = ECRReplicationRule(
            destinations: Self.destinationRegions.map {
                ECRReplicationDestination(region: $0, registryId: Self.account)
            },
            repositoryFilters: [ECRRepositoryFilter(filter: Self.prefix)]
        )
        _ = try await Self.aws.ecr(region: Self.sourceRegion).putReplicationConfiguration(
            PutReplicationConfigurationRequest(replicationConfiguration: ECRReplicationConfiguration(rules: [rule]))
        )
    }

    static func uniqueRepository() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return Self.prefix + String((0..<12).map { _ in letters.randomElement()! })
    }

    /// Creates `repository` in `region` when it does not exist yet.
    static func createRepository(_ repository: String, region: String) async throws {
        do {
            _ = try await self.aws.ecr(region: region).createRepository(
                ECRCreateRepositoryRequest(repositoryName: repository)
            )
        } catch let error as AWSError where error.code == "RepositoryAlreadyExistsException" {
        }
    }

    /// Uploads a config blob and a layer blob unique to this call and returns a manifest that references them.
    static func uploadImage(_ repository: String, region: String = "us-east-1") async throws -> String {
        let ecr = self.aws.ecr(region: region)
        let config = Array("{\"architecture\":\"amd64\",\"id\":\"\(UUID().uuidString)\"}".utf8)
        let layer = SecureRandom.bytes(count: 2_048)
        var digests: [String] = []
        for blob in [config, layer] {
            let digest = "sha256:" + SHA256.hexHash(blob)
            let upload = try await ecr.initiateLayerUpload(InitiateLayerUploadRequest(repositoryName: repository))
            let uploadId = try #require(upload.uploadId)
            _ = try await ecr.uploadLayerPart(
                UploadLayerPartRequest(
                    repositoryName: repository,
                    uploadId: uploadId,
                    partFirstByte: 0,
                    partLastByte: blob.count - 1,
                    layerPartBlob: Data(blob)
                )
            )
            _ = try await ecr.completeLayerUpload(
                CompleteLayerUploadRequest(repositoryName: repository, uploadId: uploadId, layerDigests: [digest])
            )
            digests.append(digest)
        }
        return """
            {"schemaVersion":2,"mediaType":"\(Self.manifestMediaType)","config":{"mediaType":\
            "application/vnd.docker.container.image.v1+json","size":\(config.count),"digest":"\(digests[0])"},\
            "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":\(layer.count),\
            "digest":"\(digests[1])"}]}
            """
    }

    /// Puts `manifest` with `tag` into `repository` in `region` and returns its digest.
    @discardableResult
    static func putManifest(_ manifest: String, repository: String, tag: String?, region: String) async throws
        -> String
    {
        let request = PutImageRequest(
            repositoryName: repository,
            imageManifest: manifest,
            imageManifestMediaType: Self.manifestMediaType,
            imageTag: tag
        )
        _ = try await self.aws.ecr(region: region).putImage(request)
        return request.imageDigest
    }

    /// Creates a `jobs-` repository in the source, pushes a new image with `tag` and returns both.
    static func pushSourceImage(tag: String = "v1") async throws -> (
        repository: String, manifest: String, digest: String
    ) {
        try await self.configured.value
        let repository = self.uniqueRepository()
        try await self.createRepository(repository, region: self.sourceRegion)
        let manifest = try await self.uploadImage(repository)
        let digest = try await self.putManifest(manifest, repository: repository, tag: tag, region: self.sourceRegion)
        return (repository, manifest, digest)
    }

    /// Returns the headers of a signed CI webhook delivery of `body`.
    static func signedHeaders(
        _ body: String,
        deliveryId: String,
        secret: String = Self.webhookSecret,
        timestamp: Date = Date()
    ) -> [String: String] {
        [
            "X-Signature-256": WebhookSignature.sign(Array(body.utf8), secret: Array(secret.utf8)),
            "X-Timestamp": String(Int(timestamp.timeIntervalSince1970)),
            "X-Delivery-Id": deliveryId,
        ]
    }

    /// Runs `aws` from the test venv against moto and returns its standard output.
    ///
    /// The endpoint is passed explicitly because the venv's AWS CLI ignores `AWS_ENDPOINT_URL` and would
    /// otherwise call the public AWS endpoint.
    static func awsCLI(_ arguments: [String]) async throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let bin = try #require(environment["ECP_TEST_VENV_BIN"])
        let endpoint = try #require(environment["ECP_TEST_MOTO_ENDPOINT"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bin + "/aws")
        process.arguments = arguments + ["--output", "json", "--endpoint-url", endpoint]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = await withCheckedContinuation { continuation in
            Thread {
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: data)
            }.start()
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Creates an SNS topic with an SQS queue subscribed and returns the topic ARN and the queue URL.
    static func alertTopic() async throws -> (topicArn: String, queueURL: String) {
        let name = "jobs-alerts-" + UUID().uuidString.prefix(8).lowercased()
        let topic = try await self.aws.sns(region: self.sourceRegion).createTopic(CreateTopicRequest(name: name))
        let queue = try await self.awsCLI(["sqs", "create-queue", "--queue-name", name, "--region", self.sourceRegion])
        let queueURL = try #require(Self.json(queue)["QueueUrl"] as? String)
        let queueArn = "arn:aws:sqs:\(self.sourceRegion):\(self.account):\(name)"
        _ = try await self.aws.sns(region: self.sourceRegion).subscribe(
            SubscribeRequest(
                topicArn: topic.topicArn,
                protocol: "sqs",
                endpoint: queueArn,
                attributes: ["RawMessageDelivery": "true"]
            )
        )
        return (topic.topicArn, queueURL)
    }

    /// Returns the bodies of up to 10 messages waiting in the queue.
    static func receiveMessages(_ queueURL: String) async throws -> [String] {
        let output = try await self.awsCLI([
            "sqs", "receive-message", "--queue-url", queueURL, "--max-number-of-messages", "10",
            "--wait-time-seconds", "2", "--region", self.sourceRegion,
        ])
        let messages = Self.json(output)["Messages"] as? [[String: Any]] ?? []
        return messages.compactMap { $0["Body"] as? String }
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}
