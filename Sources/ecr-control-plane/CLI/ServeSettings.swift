import Foundation
import HTTPServer
import Store

/// The resolved configuration of `serve`, from flags, then environment variables, then defaults.
struct ServeSettings {
    let database: DatabaseOptions
    let http: HTTPServerConfiguration
    let shutdownGrace: Duration
    let openAPIPath: String?

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
        self.http = http
        self.shutdownGrace = .seconds(
            try arguments.integer("shutdown-grace", environment: "ECP_SHUTDOWN_GRACE", default: 10, range: 0...3_600)
        )
        self.openAPIPath = arguments.value("openapi", environment: "ECP_OPENAPI")
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
