import API
import AWSClient
import ControlPlane
import Dispatch
import Foundation
import HTTPServer
import Observability
import Store

/// `ecr-control-plane serve`: opens the database, applies migrations and runs the HTTP server until
/// SIGTERM or SIGINT, then shuts down gracefully. With TLS, SIGHUP reloads the certificate.
enum ServeCommand {
    static let help = """
        Usage: ecr-control-plane serve [options]

        Options (each also read from the environment variable shown):
          --listen HOST:PORT         Address to listen on (ECP_LISTEN; default 127.0.0.1:8080). Use [::1]:PORT for IPv6.
          --database PATH            SQLite database file (ECP_DATABASE; default \(DatabaseOptions.defaultDatabasePath)).
          --migrations DIR           Folder of NNNN_name.sql migrations (ECP_MIGRATIONS; default: found beside the
                                     installed binary or in the checkout).
          --openapi PATH             The OpenAPI document served at /openapi.yaml (ECP_OPENAPI; default: found
                                     like the migrations).
          --log-level LEVEL          trace, debug, info, notice, warning, error or critical (ECP_LOG_LEVEL; default info).
          --log-format FORMAT        json or text (ECP_LOG_FORMAT; default json).
          --max-body-bytes N         Largest request body in bytes (ECP_MAX_BODY_BYTES; default 1048576).
          --max-connections N        Open connections allowed; past it new ones get 503 (ECP_MAX_CONNECTIONS; default 1024).
          --max-header-bytes N       Largest header section in bytes (ECP_MAX_HEADER_BYTES; default 32768).
          --header-timeout SECONDS   Time to receive a request head; then 408 (ECP_HEADER_TIMEOUT; default 10).
          --body-timeout SECONDS     Time to receive a whole request; then 408 (ECP_BODY_TIMEOUT; default 60).
          --idle-timeout SECONDS     Time an idle keep-alive connection stays open (ECP_IDLE_TIMEOUT; default 60).
          --shutdown-grace SECONDS   Time in-flight requests get to finish after SIGTERM (ECP_SHUTDOWN_GRACE; default 10).
          --tls-cert PATH            PEM certificate chain, server certificate first; serves HTTPS instead of HTTP
                                     (ECP_TLS_CERT; needs --tls-key). TLS 1.2 and 1.3, ALPN http/1.1.
          --tls-key PATH             Unencrypted PEM private key of the certificate (ECP_TLS_KEY; needs --tls-cert).
                                     SIGHUP reloads both files for new connections; open ones keep theirs.
          --source-region REGION     Region of the managed registry (ECP_SOURCE_REGION; default AWS_REGION,
                                     then AWS_DEFAULT_REGION, then the profile's region).
          --source-account ID        Account of the managed registry (ECP_SOURCE_ACCOUNT; default: asked of STS).
          --account-role ID=ARN      IAM role to assume for registry account ID; repeat per account
                                     (ECP_ACCOUNT_ROLES, comma-separated ID=ARN pairs).
          --webhook-secret TEXT      HMAC-SHA256 key of POST /v1/webhooks/ci (ECP_WEBHOOK_SECRET; unset: 503).
          --eventbridge-secret TEXT  Value of the X-EventBridge-Secret header that POST /v1/webhooks/eventbridge
                                     requires (ECP_EVENTBRIDGE_SECRET; unset: 503).
          --job-concurrency N        AWS calls the job runner makes at once (ECP_JOB_CONCURRENCY; default 8).
          --job-check-interval S     Seconds from a job's first check to its second; the delay doubles per check
                                     (ECP_JOB_CHECK_INTERVAL; default 15).
          --job-max-check-interval S Maximum seconds between two checks (ECP_JOB_MAX_CHECK_INTERVAL; default 300).
          --job-lease S              Seconds a lease on a job being checked lasts; a dead server's jobs are taken
                                     again after it (ECP_JOB_LEASE; default 120).
          --job-deadline S           Deadline in seconds of jobs that set none (ECP_JOB_DEADLINE; default 1800).
          --alert-topic-arn ARN      SNS topic that receives failed jobs (ECP_ALERT_TOPIC_ARN; default: none).
          --alert-on-success         Publish succeeded jobs to the topic too (ECP_ALERT_ON_SUCCESS=true).
          --metrics-namespace NAME   CloudWatch namespace of the replication metrics (ECP_METRICS_NAMESPACE;
                                     default ECRReplication).
          --metrics-flush-interval SECONDS
                                     Time between PutMetricData flushes (ECP_METRICS_FLUSH_INTERVAL; default 60).
          --production-prefix PREFIX Repositories starting with PREFIX must have immutable tags and scan on push;
                                     drift audits report those that do not (ECP_PRODUCTION_PREFIX; default none).
          --audit-interval SECONDS   Run a drift audit every SECONDS; 0 turns it off (ECP_AUDIT_INTERVAL; default 0).
          --cleanup-interval SECONDS Plan and apply a cleanup run every SECONDS; 0 turns it off
                                     (ECP_CLEANUP_INTERVAL; default 0).
          --cleanup-repository-prefix PREFIX
                                     Repositories the scheduled cleanup covers (ECP_CLEANUP_REPOSITORY_PREFIX;
                                     required with --cleanup-interval).
          --cleanup-untagged-days N  Scheduled cleanup deletes untagged images older than N days
                                     (ECP_CLEANUP_UNTAGGED_DAYS; default 30).

        AWS credentials, region and endpoints come from the standard AWS variables and files; run
        'ecr-control-plane doctor' to check them.
          --help                     Show this help.
        """

    static let optionNames = DatabaseOptions.names.union([
        "listen", "openapi", "max-body-bytes", "max-connections", "max-header-bytes", "header-timeout",
        "body-timeout", "idle-timeout", "shutdown-grace", "source-region", "source-account", "account-role",
        "webhook-secret", "eventbridge-secret", "job-concurrency", "job-check-interval", "job-max-check-interval",
        "job-lease", "job-deadline", "alert-topic-arn", "tls-cert", "tls-key",
    ]).union(OperationsSettings.names)

    static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        await runReportingErrors {
            let parsed = try Arguments(
                arguments,
                options: self.optionNames,
                flags: ["alert-on-success"],
                environment: environment
            )
            if parsed.wantsHelp {
                print(help)
                return ExitCode.success
            }
            let settings = try ServeSettings(parsed)
            return try await self.serve(settings)
        }
    }

    private static func serve(_ settings: ServeSettings) async throws -> Int32 {
        let logger = settings.database.logger
        let signals = ShutdownSignals()
        logger.info(
            "Server starting.",
            metadata: [
                "db.path": settings.database.databasePath, "http.listen": "\(settings.http.host):\(settings.http.port)",
            ]
        )
        let (database, runner) = try await settings.database.openMigratedDatabase()
        let openAPIDocument: String
        do {
            openAPIDocument = try settings.openAPIDocument()
        } catch {
            await database.close()
            throw error
        }

        let metrics = MetricsRegistry()
        let auditLog = AuditLog(database: database)
        let registry = RegistryContext(
            aws: AWSClient(configuration: settings.aws, logger: logger, metrics: metrics),
            sourceRegion: settings.aws.sourceRegion,
            sourceAccount: settings.sourceAccount,
            rolesByAccount: settings.rolesByAccount
        )
        if settings.aws.sourceRegion == nil {
            logger.warning("No source region is configured; AWS-backed routes return 503 until one is set.")
        }
        let copyRules = CopyRuleService(database: database, auditLog: auditLog, registry: registry)
        let copier = ImageCopier(registry: registry, logger: logger.labelled("copy"))
        let operations = OperationsServices(
            settings: settings.operations,
            registry: registry,
            auditLog: auditLog,
            copier: copier,
            copyRules: copyRules,
            logger: logger,
            metrics: metrics
        )
        // The runner feeds every verification result to the CloudWatch publisher when one runs.
        let jobRunner = ReplicationJobRunner(
            database: database,
            registry: registry,
            configuration: settings.jobs,
            copier: copier,
            copyRules: copyRules,
            sinks: operations.publisher.map { [$0] } ?? [],
            metrics: metrics,
            logger: logger
        )
        let jobs = ReplicationJobService(
            database: database,
            registry: registry,
            copyRules: jobRunner.copyRules,
            defaultDeadlineSeconds: settings.jobs.defaultDeadlineSeconds
        )
        var application = APIApplication(
            auditLog: auditLog,
            tokens: TokenService(database: database, auditLog: auditLog),
            registry: registry,
            metrics: metrics,
            logger: logger,
            openAPIDocument: openAPIDocument,
            readiness: { await Self.readiness(database: database, runner: runner) },
            jobs: jobs,
            webhookSecrets: settings.webhookSecrets
        )
        operations.configure(&application)

        let server = HTTPServer(
            configuration: settings.http,
            responder: application.makeResponder(),
            logger: logger.labelled("http")
        )
        do {
            try server.start()
        } catch {
            await database.close()
            throw error
        }
        jobRunner.start()

        await operations.start()

        let reloadSource = settings.http.tls == nil ? nil : Self.reloadCertificateOnSIGHUP(server, logger: logger)
        let signal = await signals.next()
        logger.info("Shutdown signal received.", metadata: ["signal": signal])
        reloadSource?.cancel()
        // A `?wait=` long-poll would otherwise keep its connection busy for the whole grace period.
        jobs.endLongPolls()
        await server.shutdown(gracePeriod: settings.shutdownGrace)
        await jobRunner.stop()
        await operations.stop()
        await database.close()
        return ExitCode.success
    }

    /// Reloads the TLS certificate on each SIGHUP, on a Dispatch queue because it reads files. A failed
    /// reload is logged and the server keeps the certificate it has.
    private static func reloadCertificateOnSIGHUP(
        _ server: HTTPServer,
        logger: Logger
    ) -> any DispatchSourceSignal {
        // The default action of SIGHUP ends the process; Dispatch delivers the signal instead.
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue(label: "tls.reload"))
        source.setEventHandler {
            do {
                try server.reloadTLSCertificate()
            } catch {
                logger.error(
                    "TLS certificate reload failed; keeping the current certificate.",
                    metadata: ["error": "\(error)"]
                )
            }
        }
        source.resume()
        return source
    }

    private static func readiness(database: Database, runner: MigrationRunner) async -> Readiness {
        do {
            let status = try await runner.status()
            return Readiness(
                ready: status.isCurrent,
                database: "ok",
                schemaVersion: status.currentVersion,
                latestSchemaVersion: status.latestVersion
            )
        } catch {
            return Readiness(ready: false, database: "unavailable", schemaVersion: 0, latestSchemaVersion: 0)
        }
    }
}

/// Turns SIGTERM and SIGINT into an awaitable event, once.
final class ShutdownSignals: Sendable {
    private let stream: AsyncStream<String>
    private let sources: [SignalSource]

    /// `@unchecked Sendable`: the source is only kept alive here and never touched after setup.
    private struct SignalSource: @unchecked Sendable {
        let source: any DispatchSourceSignal
    }

    init() {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        self.stream = stream
        var sources: [SignalSource] = []
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            // The default action would end the process at once; Dispatch delivers the signal instead.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(name) }
            source.resume()
            sources.append(SignalSource(source: source))
        }
        self.sources = sources
    }

    /// Waits for the first signal and returns its name.
    func next() async -> String {
        for await name in self.stream {
            return name
        }
        return "end of stream"
    }
}
