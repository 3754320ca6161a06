import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Runs the built `ecr-control-plane` binary as an operator would.
@Suite struct ExecutableTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = repositoryRoot.appendingPathComponent(".build/debug/ecr-control-plane").path

    struct Outcome {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// Runs the binary to completion with `arguments`, off the concurrency pool.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: self.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let (outputData, errorData) = await withCheckedContinuation { continuation in
            Thread {
                let outputData = output.fileHandleForReading.readDataToEndOfFile()
                let errorData = error.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (outputData, errorData))
            }.start()
        }
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self)
        )
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("exe-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                bind(fd, sockaddrPointer, length)
                return getsockname(fd, sockaddrPointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test(arguments: [["--help"], ["serve", "--help"], ["migrate", "--help"], ["tokens", "--help"]])
    func helpExitsZero(arguments: [String]) async throws {
        let outcome = try await Self.run(arguments)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("Usage: ecr-control-plane"))
    }

    @Test func unknownOptionIsAUsageError() async throws {
        let outcome = try await Self.run(["serve", "--no-such-flag"])
        #expect(outcome.status == 64)
        #expect(outcome.standardError.contains("--no-such-flag"))
    }

    @Test func tokensCreatePrintsOnlyTheToken() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("cli.sqlite").path
        let outcome = try await Self.run([
            "tokens", "create", "--database", database, "--name", "ops", "--role", "admin",
        ])
        #expect(outcome.status == 0)
        let lines = outcome.standardOutput.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("ecp_") == true)
        let listed = try await Self.run(["tokens", "list", "--database", database])
        #expect(listed.standardOutput.contains("\"name\":\"ops\""))
        #expect(!listed.standardOutput.contains(String(lines.first ?? "no token")))
    }

    @Test func changedMigrationStopsTheServerNamingTheFile() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let migrations = directory.appendingPathComponent("Migrations")
        try FileManager.default.copyItem(
            at: Self.repositoryRoot.appendingPathComponent("Migrations"),
            to: migrations
        )
        let database = directory.appendingPathComponent("m.sqlite").path
        let first = try await Self.run(["migrate", "--database", database, "--migrations", migrations.path])
        #expect(first.status == 0)
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: migrations.path).sorted().first)
        let handle = try FileHandle(forWritingTo: migrations.appendingPathComponent(file))
        handle.seekToEndOfFile()
        handle.write(Data("\n-- edited after it was applied\n".utf8))
        try handle.close()
        let second = try await Self.run([
            "serve", "--database", database, "--migrations", migrations.path, "--listen", "127.0.0.1:0",
        ])
        #expect(second.status != 0)
        #expect(second.standardError.contains(file))
    }

    @Test func serveAnswersAndStopsOnSIGTERM() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("serve.sqlite").path
        let token = try await Self.run([
            "tokens", "create", "--database", database, "--name", "reader", "--role", "viewer",
        ])
        .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let port = Self.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--database", database, "--listen", "127.0.0.1:\(port)", "--log-level", "debug"]
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = Pipe()
        try process.run()
        defer {
            if process.isRunning {
                process.terminate()
            }
        }
        let session = URLSession(configuration: .ephemeral)
        var healthy = false
        for _ in 0..<100 where !healthy {
            let request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/healthz")!)
            healthy =
                (try? await session.data(for: request)).map { ($0.1 as? HTTPURLResponse)?.statusCode == 200 } ?? false
            if !healthy {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(healthy)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/audit-events")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await session.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)

        kill(process.processIdentifier, SIGTERM)
        let errorData = await withCheckedContinuation { continuation in
            Thread {
                let data = errorPipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: data)
            }.start()
        }
        #expect(process.terminationStatus == 0)
        let log = String(decoding: errorData, as: UTF8.self)
        #expect(log.contains("\"message\":\"Server listening.\""))
        #expect(log.contains("\"message\":\"Request completed.\""))
        #expect(log.contains("\"message\":\"Server stopped.\""))
        #expect(!log.contains(token))
        #expect(!log.contains(String(token.split(separator: "_").last ?? "secret")))
    }
}
