import ControlPlane
import Foundation

/// `ecr-control-plane tokens create|list|revoke`: manages API bearer tokens in the database directly,
/// for bootstrapping the first admin token and for recovery.
enum TokensCommand {
    static let help = """
        Usage: ecr-control-plane tokens <create|list|revoke> [options]

          tokens create --name NAME --role viewer|operator|admin
              Creates a token and prints it once on standard output; only its hash is stored.
          tokens list [--include-revoked]
              Lists tokens (never their secrets) as JSON lines.
          tokens revoke (--id ID | --name NAME)
              Revokes a token; requests with it get 401 from then on.

        Options for every subcommand:
          --database PATH     SQLite database file (env ECP_DATABASE; default \(DatabaseOptions.defaultDatabasePath)).
          --migrations DIR    Folder of migrations (env ECP_MIGRATIONS); pending ones are applied first.
          --actor NAME        Name recorded as the actor in the audit log (default cli:$USER).
          --log-level LEVEL   Log level on standard error (env ECP_LOG_LEVEL; default info).
          --log-format FMT    json or text (env ECP_LOG_FORMAT; default json).
          --help              Show this help.
        """

    static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        await runReportingErrors {
            guard let subcommand = arguments.first, !subcommand.hasPrefix("--") else {
                print(help)
                return arguments.contains("--help") ? ExitCode.success : ExitCode.usage
            }
            let options = DatabaseOptions.names.union(["name", "role", "id", "actor"])
            let parsed = try Arguments(
                arguments.dropFirst(),
                options: options,
                flags: ["include-revoked"],
                environment: environment
            )
            if parsed.wantsHelp {
                print(help)
                return ExitCode.success
            }
            let actor = parsed.value("actor") ?? "cli:\(environment["USER"] ?? ProcessInfo.processInfo.userName)"
            switch subcommand {
            case "create": return try await self.create(parsed, actor: actor)
            case "list": return try await self.list(parsed)
            case "revoke": return try await self.revoke(parsed, actor: actor)
            default:
                throw Arguments.UsageError(
                    description: "unknown tokens subcommand '\(subcommand)'; use create, list or revoke"
                )
            }
        }
    }

    private static func create(_ arguments: Arguments, actor: String) async throws -> Int32 {
        let name = try arguments.required("name")
        let roleName = try arguments.required("role")
        guard let role = Role(rawValue: roleName) else {
            throw Arguments.UsageError(description: "--role must be viewer, operator or admin; got '\(roleName)'")
        }
        let issued = try await self.withTokenService(arguments) { service in
            try await service.create(name: name, role: role, actor: actor, requestId: nil)
        }
        print(issued.token)
        return ExitCode.success
    }

    private static func list(_ arguments: Arguments) async throws -> Int32 {
        let includeRevoked = arguments.flags.contains("include-revoked")
        let tokens = try await self.withTokenService(arguments) { service in
            try await service.list(includeRevoked: includeRevoked)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for token in tokens {
            print(String(decoding: try encoder.encode(token), as: UTF8.self))
        }
        return ExitCode.success
    }

    private static func revoke(_ arguments: Arguments, actor: String) async throws -> Int32 {
        let reference: TokenReference
        if let idText = arguments.value("id") {
            guard let id = Int64(idText) else {
                throw Arguments.UsageError(description: "--id must be an integer; got '\(idText)'")
            }
            reference = .id(id)
        } else {
            reference = .name(try arguments.required("name"))
        }
        let info = try await self.withTokenService(arguments) { service in
            try await service.revoke(reference, actor: actor, requestId: nil)
        }
        printError("revoked token \(info.id) (\(info.name))")
        return ExitCode.success
    }

    private static func withTokenService<T>(
        _ arguments: Arguments,
        _ body: (TokenService) async throws -> T
    ) async throws -> T {
        let options = try DatabaseOptions(arguments)
        let (database, _) = try await options.openMigratedDatabase()
        let service = TokenService(database: database, auditLog: AuditLog(database: database))
        do {
            let result = try await body(service)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}
