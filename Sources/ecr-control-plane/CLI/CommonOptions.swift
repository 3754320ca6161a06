import Foundation
import Observability
import Store

/// Options shared by the commands that open the database.
struct DatabaseOptions {
    static let names: Set<String> = ["database", "migrations", "log-level", "log-format"]
    static let defaultDatabasePath = "data/ecr-control-plane.sqlite"

    let databasePath: String
    let migrationsPath: String?
    let logger: Logger

    init(_ arguments: Arguments) throws {
        self.databasePath = arguments.value("database", environment: "ECP_DATABASE") ?? Self.defaultDatabasePath
        self.migrationsPath = arguments.value("migrations", environment: "ECP_MIGRATIONS")
        self.logger = try Self.makeLogger(arguments)
    }

    static func makeLogger(_ arguments: Arguments) throws -> Logger {
        let levelName = arguments.value("log-level", environment: "ECP_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(name: levelName) else {
            let names = Logger.Level.allCases.map(\.description).joined(separator: ", ")
            throw Arguments.UsageError(description: "log level must be one of \(names); got '\(levelName)'")
        }
        let formatName = arguments.value("log-format", environment: "ECP_LOG_FORMAT") ?? "json"
        guard let format = LogSink.Format(rawValue: formatName) else {
            throw Arguments.UsageError(description: "log format must be json or text; got '\(formatName)'")
        }
        return Logger(label: "ecr-control-plane", level: level, sink: .standardError(format: format))
    }

    /// Opens the database (creating its folder) and applies pending migrations.
    func openMigratedDatabase() async throws -> (Database, MigrationRunner) {
        let folder = URL(fileURLWithPath: self.databasePath).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = try await Database.open(path: self.databasePath, logger: self.logger)
        let runner = MigrationRunner(database: database, directory: try self.migrationsDirectory(), logger: self.logger)
        do {
            _ = try await runner.migrate()
        } catch {
            await database.close()
            throw error
        }
        return (database, runner)
    }

    func migrationsDirectory() throws -> URL {
        try MigrationLocator.locate(
            explicit: self.migrationsPath,
            executablePath: CommandLine.arguments[0],
            currentDirectory: FileManager.default.currentDirectoryPath
        )
    }
}
