import API
import AWSClient
import ControlPlane
import Foundation
import HTTPServer
import Store

/// The resolved configuration of `serve`, from flags, then environment variables, then defaults.
struct ServeSettings {
    let database: DatabaseOptions
    let http: HTTPServerConfiguration
    let shutdownGrace: Duration
    let openAPIPath: String?
    /// AWS settings from the standard variables, with `--source-region` applied.
    let aws: AWSConfiguration
    let sourceAccount: String?
    let rolesByAccount: [String: String]
    /// The job runner's settings, including the alert topic.
    let jobs: JobRunnerConfiguration
    let webhookSecrets: WebhookSecrets
    /// The CloudWatch metrics, cleanup and drift audit settings.
    let operations: OperationsSettings

    init(_ arguments: Arguments) throws {
        self.database = try DatabaseOptions(arguments)
        let listen = arguments.value("listen", environment: "ECP_LISTEN") ?? "127.0.0.1:8080"
        let (host, port) = try Self.parseListen(listen)
        var http = HTTPServerConfiguration(host: host, port: port)
        http.limits.maxBodyBytes = try arguments.integer(
            "max-body-bytes",
            environment: "ECP_MAX_BODY_BYTES",
            default: 1_048_576,
            range: 1...1_073_741_824
        )
        http.limits.maxHeaderBytes = try arguments.integer(
            "max-header-bytes",
            environment: "ECP_MAX_HEADER_BYTES",
            default: 32_768,
            range: 1_024...1_048_576
        )
        http.maxConnections = try arguments.integer(
            "max-connections",
            environment: "ECP_MAX_CONNECTIONS",
            default: 1_024,
            range: 1...1_000_000
        )
        http.headerReadTimeout = .seconds(
            try arguments.integer("header-timeout", environment: "ECP_HEADER_TIMEOUT", default: 10, range: 1...3_600)
        )
        http.bodyReadTimeout = .seconds(
            try arguments.integer("body-timeout", environment: "ECP_BODY_TIMEOUT", default: 60, range: 1...3_600)
        )
        http.idleTimeout = .seconds(
            try arguments.integer("idle-timeout", environment: "ECP_IDLE_TIMEOUT", default: 60, range: 1...86_400)
        )
        http.tls = try Self.parseTLS(arguments)
        self.http = http
        self.shutdownGrace = .seconds(
            try arguments.integer("shutdown-grace", environment: "ECP_SHUTDOWN_GRACE", default: 10, range: 0...3_600)
        )
        self.openAPIPath = arguments.value("openapi", environment: "ECP_OPENAPI")
        var aws = AWSConfiguration(environment: arguments.environment)
        if let region = arguments.value("source-region") {
            aws.sourceRegion = region
        }
        self.aws = aws
        self.sourceAccount = arguments.value("source-account", environment: "ECP_SOURCE_ACCOUNT")
        if let account = self.sourceAccount, !Self.isAccountId(account) {
            throw Arguments.UsageError(description: "--source-account must be a 12-digit account id; got '\(account)'")
        }
        var pairs = arguments.values("account-role")
        if pairs.isEmpty, let list = arguments.environment["ECP_ACCOUNT_ROLES"] {
            pairs = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        self.rolesByAccount = try Self.parseAccountRoles(pairs)
        self.jobs = try Self.jobRunnerConfiguration(arguments)
        for name in ["webhook-secret", "eventbridge-secret"] where arguments.value(name)?.isEmpty == true {
            throw Arguments.UsageError(description: "--\(name) must not be empty; omit it to turn the webhook off")
        }
        self.webhookSecrets = WebhookSecrets(
            ci: arguments.value("webhook-secret", environment: "ECP_WEBHOOK_SECRET").map { Array($0.utf8) },
            eventBridge: arguments.value("eventbridge-secret", environment: "ECP_EVENTBRIDGE_SECRET").map {
                Array($0.utf8)
            }
        )
        self.operations = try OperationsSettings(arguments)
    }

    /// Reads the `--job-…` and `--alert-…` options.
    static func jobRunnerConfiguration(_ arguments: Arguments) throws -> JobRunnerConfiguration {
        var jobs = JobRunnerConfiguration()
        jobs.concurrency = try arguments.integer(
            "job-concurrency",
            environment: "ECP_JOB_CONCURRENCY",
            default: jobs.concurrency,
            range: 1...256
        )
        jobs.checkInterval = Double(
            try arguments.integer(
                "job-check-interval",
                environment: "ECP_JOB_CHECK_INTERVAL",
                default: 15,
                range: 1...3_600
            )
        )
        jobs.maxCheckInterval = Double(
            try arguments.integer(
                "job-max-check-interval",
                environment: "ECP_JOB_MAX_CHECK_INTERVAL",
                default: 300,
                range: 1...86_400
            )
        )
        jobs.maxCheckInterval = max(jobs.maxCheckInterval, jobs.checkInterval)
        jobs.leaseSeconds = Double(
            try arguments.integer("job-lease", environment: "ECP_JOB_LEASE", default: 120, range: 1...86_400)
        )
        jobs.defaultDeadlineSeconds = try arguments.integer(
            "job-deadline",
            environment: "ECP_JOB_DEADLINE",
            default: jobs.defaultDeadlineSeconds,
            range: JobRequest.deadlineRange
        )
        jobs.alertTopicArn = arguments.value("alert-topic-arn", environment: "ECP_ALERT_TOPIC_ARN")
        if let arn = jobs.alertTopicArn, JobAlertPublisher.region(ofTopic: arn) == nil {
            throw Arguments.UsageError(
                description:
                    "--alert-topic-arn must be an SNS topic ARN such as "
                    + "arn:aws:sns:us-east-1:123456789012:alerts; got '\(arn)'"
            )
        }
        jobs.alertOnSuccess =
            arguments.flags.contains("alert-on-success") || arguments.environment["ECP_ALERT_ON_SUCCESS"] == "true"
        return jobs
    }

    static func isAccountId(_ text: String) -> Bool {
        text.count == 12 && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber)
    }

    /// Parses `123456789012=arn:aws:iam::123456789012:role/name` pairs.
    static func parseAccountRoles(_ pairs: [String]) throws -> [String: String] {
        var roles: [String: String] = [:]
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, Self.isAccountId(parts[0]), parts[1].hasPrefix("arn:aws"),
                parts[1].contains(":role/")
            else {
                throw Arguments.UsageError(
                    description:
                        "--account-role must be ACCOUNT_ID=ROLE_ARN such as 123456789012=arn:aws:iam::123456789012:role/ecr; got '\(pair)'"
                )
            }
            roles[parts[0]] = parts[1]
        }
        return roles
    }

    /// Reads `--tls-cert` and `--tls-key`, which come as a pair: one without the other is a usage error.
    static func parseTLS(_ arguments: Arguments) throws -> TLSConfiguration? {
        let certificate = arguments.value("tls-cert", environment: "ECP_TLS_CERT").flatMap { $0.isEmpty ? nil : $0 }
        let key = arguments.value("tls-key", environment: "ECP_TLS_KEY").flatMap { $0.isEmpty ? nil : $0 }
        switch (certificate, key) {
        case (nil, nil):
            return nil
        case (let certificate?, let key?):
            return TLSConfiguration(certificateChainPath: certificate, privateKeyPath: key)
        case (nil, _?):
            throw Arguments.UsageError(description: "--tls-key needs --tls-cert (or ECP_TLS_CERT) as well")
        case (_?, nil):
            throw Arguments.UsageError(description: "--tls-cert needs --tls-key (or ECP_TLS_KEY) as well")
        }
    }

    /// Splits `127.0.0.1:8080` or `[::1]:8080` into host and port.
    static func parseListen(_ text: String) throws -> (String, Int) {
        let invalid = Arguments.UsageError(
            description: "--listen must be HOST:PORT such as 127.0.0.1:8080 or [::1]:8080; got '\(text)'"
        )
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else {
            throw invalid
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        guard !host.isEmpty else {
            throw invalid
        }
        return (host, port)
    }

    /// Reads the OpenAPI document: `--openapi` when given, else `openapi/openapi.yaml` beside the
    /// migrations folder, which is where both the checkout and the installed layout keep it.
    func openAPIDocument() throws -> String {
        let url: URL
        if let openAPIPath {
            url = URL(fileURLWithPath: openAPIPath)
        } else {
            url = try self.database.migrationsDirectory().deletingLastPathComponent()
                .appendingPathComponent("openapi/openapi.yaml")
        }
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw Arguments.UsageError(
                description: "cannot read the OpenAPI document at \(url.path); pass --openapi or set ECP_OPENAPI"
            )
        }
    }
}
