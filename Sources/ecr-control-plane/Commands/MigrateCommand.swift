/// `ecr-control-plane migrate`: applies pending migrations and exits.
enum MigrateCommand {
    static let help = """
        Usage: ecr-control-plane migrate [options]

        Applies every pending migration in order, each once, and records its checksum. Stops with an
        error naming the file when an applied migration was changed afterwards.

        Options:
          --database PATH     SQLite database file (env ECP_DATABASE; default \(DatabaseOptions.defaultDatabasePath)).
          --migrations DIR    Folder of NNNN_name.sql files (env ECP_MIGRATIONS; default: found beside the
                              installed binary or in the checkout).
          --log-level LEVEL   trace, debug, info, notice, warning, error or critical (env ECP_LOG_LEVEL; default info).
          --log-format FMT    json or text (env ECP_LOG_FORMAT; default json).
          --help              Show this help.
        """

    static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        await runReportingErrors {
            let parsed = try Arguments(arguments, options: DatabaseOptions.names, environment: environment)
            if parsed.wantsHelp {
                print(help)
                return ExitCode.success
            }
            let options = try DatabaseOptions(parsed)
            let (database, runner) = try await options.openMigratedDatabase()
            let status = try await runner.status()
            await database.close()
            print("schema version \(status.currentVersion) (\(status.applied.count) migrations applied)")
            return ExitCode.success
        }
    }
}
