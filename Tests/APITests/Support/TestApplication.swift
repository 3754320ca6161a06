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

/// The real server on a free loopback port with a fresh SQLite file migrated from the repository's
/// Migrations folder, and one token per role.
final class TestApplication: Sendable {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let directory: URL
    let database: Database
    let server: HTTPServer
    let auditLog: AuditLog
    let tokens: TokenService
    let viewerToken: String
    let operatorToken: String
    let adminToken: String
    let session: URLSession
    /// Every method and path template the server routes.
    let routes: [(method: String, pattern: String)]

    var baseURL: String { "http://127.0.0.1:\(self.server.localPort)" }

    /// AWS settings that keep every call on loopback: moto when the test command started it, else a
    /// closed local port, so no test can reach a real AWS endpoint or a metadata address.
    static var awsEnvironment: [String: String] {
        let endpoint = ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"] ?? "http://127.0.0.1:9"
        return [
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_MAX_ATTEMPTS": "2",
        ]
    }

    /// Starts the server; `sourceRegion` lets a suite that writes the registry-wide replication
    /// configuration use a region of its own in the shared moto.
    static func start(sourceRegion: String = "us-east-1") async throws -> TestApplication {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("api-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try await Database.open(path: directory.appendingPathComponent("test.sqlite").path)
        let migrations = self.repositoryRoot.appendingPathComponent("Migrations")
        let runner = MigrationRunner(database: database, directory: migrations)
        _ = try await runner.migrate()
        let auditLog = AuditLog(database: database)
        let tokens = TokenService(database: database, auditLog: auditLog)
        let registry = RegistryContext(
            aws: AWSClient(configuration: AWSConfiguration(environment: self.awsEnvironment)),
            sourceRegion: sourceRegion,
            sourceAccount: nil
        )
        let document = try String(
            contentsOf: self.repositoryRoot.appendingPathComponent("openapi/openapi.yaml"),
            encoding: .utf8
        )
        let application = APIApplication(
            auditLog: auditLog,
            tokens: tokens,
            registry: registry,
            metrics: MetricsRegistry(),
            logger: .disabled,
            openAPIDocument: document,
            readiness: {
                let status = try? await runner.status()
                return Readiness(
                    ready: status?.isCurrent ?? false,
                    database: status == nil ? "unavailable" : "ok",
                    schemaVersion: status?.currentVersion ?? 0,
                    latestSchemaVersion: status?.latestVersion ?? 0
                )
            }
        )
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0),
            responder: application.makeResponder(),
            logger: .disabled
        )
        try server.start()
        let routes = application.makeRouter().routes.map { (method: $0.method.rawValue, pattern: $0.pattern) }
        let viewer = try await tokens.create(name: "viewer", role: .viewer, actor: "test", requestId: nil).token
        let operatorToken = try await tokens.create(name: "operator", role: .operator, actor: "test", requestId: nil)
            .token
        let admin = try await tokens.create(name: "admin", role: .admin, actor: "test", requestId: nil).token
        return TestApplication(
            directory: directory,
            database: database,
            server: server,
            auditLog: auditLog,
            tokens: tokens,
            viewerToken: viewer,
            operatorToken: operatorToken,
            adminToken: admin,
            routes: routes
        )
    }

    private init(
        directory: URL,
        database: Database,
        server: HTTPServer,
        auditLog: AuditLog,
        tokens: TokenService,
        viewerToken: String,
        operatorToken: String,
        adminToken: String,
        routes: [(method: String, pattern: String)]
    ) {
        self.directory = directory
        self.database = database
        self.server = server
        self.auditLog = auditLog
        self.tokens = tokens
        self.viewerToken = viewerToken
        self.operatorToken = operatorToken
        self.adminToken = adminToken
        self.session = URLSession(configuration: .ephemeral)
        self.routes = routes
    }

    func stop() async {
        await self.server.shutdown(gracePeriod: .seconds(2))
        await self.database.close()
        try? FileManager.default.removeItem(at: self.directory)
    }

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: Data

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: self.body)) as? [String: Any] ?? [:]
        }

        var text: String { String(decoding: self.body, as: UTF8.self) }

        /// The `field` values of a problem's `errors`.
        var errorFields: [String] {
            (self.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        }
    }

    /// Sends a request; `token` nil sends no Authorization header.
    func request(
        _ method: String,
        _ path: String,
        token: String?,
        body: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: self.baseURL + path)!)
        request.httpMethod = method
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
        return Reply(status: http.statusCode, headers: lowered, body: data)
    }
}

/// Runs `body` with a started application and stops it afterwards, also when `body` throws.
func withApplication(
    sourceRegion: String = "us-east-1",
    _ body: (TestApplication) async throws -> Void
) async throws {
    let application = try await TestApplication.start(sourceRegion: sourceRegion)
    do {
        try await body(application)
    } catch {
        await application.stop()
        throw error
    }
    await application.stop()
}
