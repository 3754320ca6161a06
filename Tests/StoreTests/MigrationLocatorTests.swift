import Foundation
import Testing

@testable import Store

@Suite("MigrationLocator")
struct MigrationLocatorTests {
    private func makeDirectory(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @Test("explicit folder wins")
    func explicitFolder() async throws {
        try await withTemporaryDirectory { root in
            let explicit = root.appendingPathComponent("custom")
            try self.makeDirectory(explicit)
            try self.makeDirectory(root.appendingPathComponent("Migrations"))
            let found = try MigrationLocator.locate(
                explicit: explicit.path,
                executablePath: "/nonexistent/bin/ecr-control-plane",
                currentDirectory: root.path
            )
            #expect(found.path == explicit.standardizedFileURL.path)
        }
    }

    @Test("missing explicit folder is an error naming it")
    func explicitMissing() async throws {
        try await withTemporaryDirectory { root in
            try self.makeDirectory(root.appendingPathComponent("Migrations"))
            let error = #expect(throws: StoreError.self) {
                try MigrationLocator.locate(explicit: "nope", executablePath: "/x/y", currentDirectory: root.path)
            }
            #expect(error?.kind == .migrationsNotFound)
            #expect(error?.message.contains(root.appendingPathComponent("nope").path) == true)
        }
    }

    @Test("install layout under share is found")
    func shareLayout() async throws {
        try await withTemporaryDirectory { root in
            let share = root.appendingPathComponent("share/ecr-control-plane/Migrations")
            try self.makeDirectory(share)
            try self.makeDirectory(root.appendingPathComponent("bin"))
            let found = try MigrationLocator.locate(
                explicit: nil,
                executablePath: root.appendingPathComponent("bin/ecr-control-plane").path,
                currentDirectory: "/"
            )
            #expect(found.path == share.standardizedFileURL.path)
        }
    }

    @Test("checkout is found from the build folder")
    func checkoutLayout() async throws {
        try await withTemporaryDirectory { root in
            let build = root.appendingPathComponent(".build/x86_64-unknown-linux-gnu/debug")
            try self.makeDirectory(build)
            try self.makeDirectory(root.appendingPathComponent("Migrations"))
            try writeFiles(["Package.swift": "// swift-tools-version:6.0\n"], to: root)
            let found = try MigrationLocator.locate(
                explicit: nil,
                executablePath: build.appendingPathComponent("ecr-control-plane").path,
                currentDirectory: "/"
            )
            #expect(found.path == root.appendingPathComponent("Migrations").standardizedFileURL.path)
        }
    }

    @Test("current directory is the last resort")
    func currentDirectory() async throws {
        try await withTemporaryDirectory { root in
            try self.makeDirectory(root.appendingPathComponent("Migrations"))
            let found = try MigrationLocator.locate(
                explicit: nil,
                executablePath: "/nonexistent/bin/ecr-control-plane",
                currentDirectory: root.path
            )
            #expect(found.path == root.appendingPathComponent("Migrations").path)
        }
    }

    @Test("nothing found lists every candidate")
    func notFound() async throws {
        try await withTemporaryDirectory { root in
            let error = #expect(throws: StoreError.self) {
                try MigrationLocator.locate(
                    explicit: nil,
                    executablePath: "/nonexistent/bin/ecr-control-plane",
                    currentDirectory: root.path
                )
            }
            #expect(error?.kind == .migrationsNotFound)
            #expect(error?.message.contains("/nonexistent/share/ecr-control-plane/Migrations") == true)
            #expect(error?.message.contains(root.appendingPathComponent("Migrations").path) == true)
        }
    }
}
