import Foundation
import Store

/// Creates a fresh folder under the system temporary directory, passes it to `body` and removes it after.
@discardableResult
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("ecp-store-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

/// Opens a database file in a fresh temporary folder, passes it to `body`, then closes and removes it.
@discardableResult
func withTemporaryDatabase<T>(
    configuration: Database.Configuration = Database.Configuration(),
    _ body: (Database, URL) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory { directory in
        let database = try await Database.open(
            path: directory.appendingPathComponent("test.sqlite").path,
            configuration: configuration
        )
        do {
            let result = try await body(database, directory)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}

/// Writes `files` (name to SQL) into `directory`.
func writeFiles(_ files: [String: String], to directory: URL) throws {
    for (name, contents) in files {
        try Data(contents.utf8).write(to: directory.appendingPathComponent(name))
    }
}
