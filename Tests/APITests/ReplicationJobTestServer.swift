import API
import AWSClient
import ControlPlane
import Foundation
import HTTPServer
import Observability
import Store

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real server with a running job runner and both webhook secrets, on a free loopback port with a
/// fresh SQLite file. Check intervals are fractions of a second so jobs finish within a test.
final class ReplicationJobTestServer: Sendable {
    let directory: URL
    let database: Database
    let server: HTTPServer
    let runner: ReplicationJobRunner
    let auditLog: AuditLog
    let metrics: MetricsRegistry
    let operatorToken: String
    let viewerToken: String
    /// Every result the runner passed to its sinks.
    let sink = RecordingSink()
    let session = URLSession(configuration: .ephemeral)

    var baseURL: String { "http://127.0.0.1:\(self.server.localPort)" }

    static func configuration(deadlineSeconds: Int, alertTopicArn: String?) -> JobRunnerConfiguration {
        var configuration = JobRunnerConfiguration()
        configuration.checkInterval = 0.3
        configuration.maxCheckInterval = 0.6
        configuration.pollInterval = 0.1
        configuration.leaseSeconds = 5
        configuration.defaultDeadlineSeconds = deadlineSeconds
        configuration.alertTopicArn = alertTopicArn
        return configuration
    }

    init(
        deadlineSeconds: Int = 8,
        alertTopicArn: String? = nil,
        copier: (any ImageCopying)? = nil,
        sinks: [any VerificationResultSink] = []
    ) async throws {
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        self.database = try await Database.open(path: self.directory.appendingPathComponent("jobs.sqlite").path)
        let runner = MigrationRunner(
            database: self.database,
            directory: TestApplication.repositoryRoot.appendingPathComponent("Migrations")
        )
        _ = try await runner.migrate()
        self.auditLog = AuditLog(database: self.database)
        self.metrics = MetricsRegistry()
        let registry = RegistryContext(
            aws: AWSClient(configuration: AWSConfiguration(environment: TestApplication.awsEnvironment)),
            sourceRegion: ReplicationJobTestKit.sourceRegion,
            sourceAccount: ReplicationJobTestKit.account
        )
        let configuration = Self.configuration(deadlineSeconds: deadlineSeconds, alertTopicArn: alertTopicArn)
        self.runner = ReplicationJobRunner(
            database: self.database,
            registry: registry,
            configuration: configuration,
            copier: copier,
            copyRules: nil,
            sinks: [self.sink] + sinks,
            metrics: self.metrics,
            logger: .disabled
        )
        let tokens = TokenService(database: self.database, auditLog: self.auditLog)
        let application = APIApplication(
            auditLog: self.auditLog,
            tokens: tokens,
            registry: registry,
            metrics: self.metrics,
            logger: .disabled,
            openAPIDocument: "",
            readiness: { Readiness(ready: true, database: "ok", schemaVersion: 0, latestSchemaVersion: 0) },
            jobs: ReplicationJobService(
                database: self.database,
                registry: registry,
                copyRules: nil,
                defaultDeadlineSeconds: deadlineSeconds
            ),
            webhookSecrets: WebhookSecrets(
                ci: Array(ReplicationJobTestKit.webhookSecret.utf8),
                eventBridge: Array(ReplicationJobTestKit.eventBridgeSecret.utf8)
            )
        )
        self.server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0),
            responder: application.makeResponder(),
            logger: .disabled
        )
        try self.server.start()
        self.operatorToken = try await tokens.create(name: "operator", role: .operator, actor: "test", requestId: nil)
            .token
        self.viewerToken = try await tokens.create(name: "viewer", role: .viewer, actor: "test", requestId: nil).token
        self.runner.start()
    }

    func stop() async {
        await self.runner.stop()
        await self.server.shutdown(gracePeriod: .seconds(2))
        await self.database.close()
        try? FileManager.default.removeItem(at: self.directory)
    }

    /// Sends a request; `token` nil sends no Authorization header.
    func request(
        _ method: String,
        _ path: String,
        token: String?,
        body: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> TestApplication.Reply {
        var request = URLRequest(url: URL(string: self.baseURL + path)!)
        request.httpMethod = method
        request.timeoutInterval = 90
        if let token {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers {
            request.setValue(value, forHTTPHeaderField: name)
        }
        let (data, response) = try await self.session.data(for: request)
        let http = response as! HTTPURLResponse
        var lowered: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            lowered[String(describing: key).lowercased()] = String(describing: value)
        }
        return TestApplication.Reply(status: http.statusCode, headers: lowered, body: data)
    }

    /// Returns the audit events of job `id`, oldest first.
    func auditEvents(jobId: Int) async throws -> [AuditEvent] {
        try await self.auditLog.history(of: "replication-job:\(jobId)", limit: 100).items.reversed()
    }
}

/// Runs `body` with a started job server and stops it afterwards, also when `body` throws.
func withJobServer(
    deadlineSeconds: Int = 8,
    alertTopicArn: String? = nil,
    copier: (any ImageCopying)? = nil,
    sinks: [any VerificationResultSink] = [],
    _ body: (ReplicationJobTestServer) async throws -> Void
) async throws {
    let server = try await ReplicationJobTestServer(
        deadlineSeconds: deadlineSeconds,
        alertTopicArn: alertTopicArn,
        copier: copier,
        sinks: sinks
    )
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// A verification result sink that keeps every batch it receives.
actor RecordingSink: VerificationResultSink {
    private(set) var batches: [[VerificationResult]] = []

    func record(_ results: [VerificationResult]) async {
        self.batches.append(results)
    }
}
