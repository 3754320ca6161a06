import Foundation

/// Picks the command named by the first argument and runs it; returns the process exit status.
enum CommandDispatcher {
    static let usage = """
        ecr-control-plane: a REST control plane for Amazon ECR replication.

        Usage: ecr-control-plane <command> [options]

        Commands:
          serve     Run the HTTP server.
          migrate   Apply pending database migrations and exit.
          tokens    Create, list and revoke API bearer tokens.
          doctor    Check AWS credentials, endpoints and ECR access in each region.

        Run 'ecr-control-plane <command> --help' for a command's options.
        """

    static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        guard let command = arguments.first else {
            printError(usage)
            return ExitCode.usage
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "serve":
            return await ServeCommand.run(arguments: rest, environment: environment)
        case "migrate":
            return await MigrateCommand.run(arguments: rest, environment: environment)
        case "tokens":
            return await TokensCommand.run(arguments: rest, environment: environment)
        case "doctor":
            return await DoctorCommand.run(arguments: rest, environment: environment)
        case "--help", "-h", "help":
            print(usage)
            return ExitCode.success
        default:
            printError("unknown command '\(command)'\n\n\(usage)")
            return ExitCode.usage
        }
    }
}

/// Exit statuses of every command.
enum ExitCode {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    /// Wrong options or arguments (the convention of BSD's sysexits EX_USAGE).
    static let usage: Int32 = 64
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs a command body, printing a usage error or a failure to standard error with its exit status.
func runReportingErrors(_ body: () async throws -> Int32) async -> Int32 {
    do {
        return try await body()
    } catch let error as Arguments.UsageError {
        printError("error: \(error.description)")
        return ExitCode.usage
    } catch {
        printError("error: \(error)")
        return ExitCode.failure
    }
}
