import Crypto
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A job survives `kill -9` of its server: the restarted binary takes the job again and finishes it.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"] != nil))
struct JobRestartTests {
    static let account = "123456789012"
    let session = URLSession(configuration: .ephemeral)

    /// Runs the venv's AWS CLI against moto. The endpoint is explicit because this CLI ignores
    /// `AWS_ENDPOINT_URL` and would otherwise call the public AWS endpoint.
    static func awsCLI(_ arguments: [String]) async throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let bin = try #require(environment["ECP_TEST_VENV_BIN"])
        let endpoint = try #require(environment["ECP_TEST_MOTO_ENDPOINT"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bin + "/aws")
        process.arguments = arguments + ["--output", "json", "--endpoint-url", endpoint]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = await withCheckedContinuation { continuation in
            Thread {
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: data)
            }.start()
        }
        #expect(process.terminationStatus == 0, "aws \(arguments.prefix(2).joined(separator: " ")) failed")
        return String(decoding: data, as: UTF8.self)
    }

    /// Creates `repository` in `region` and puts `manifest` there with tag `v1`.
    static func push(_ manifest: String, repository: String, region: String, digest: String) async throws {
        _ = try await self.awsCLI(["ecr", "create-repository", "--repository-name", repository, "--region", region])
        _ = try await self.awsCLI([
            "ecr", "put-image", "--repository-name", repository, "--image-manifest", manifest, "--image-tag", "v1",
            "--image-digest", digest, "--region", region,
        ])
    }

    static func manifest() -> String {
        let fake = {
            "sha256:" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
                + String(repeating: "0", count: 32)
        }
        return """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":\
            {"mediaType":"application/vnd.docker.container.image.v1+json","size":7,"digest":"\(fake())"},\
            "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":11,"digest":"\(fake())"}]}
            """
    }

    /// Starts `serve` with second-scale job timings on `port`.
    static func startServer(database: String, port: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ExecutableTests.binary)
        process.arguments = [
            "serve", "--database", database, "--listen", "127.0.0.1:\(port)", "--source-region", "us-east-1",
            "--source-account", Self.account, "--job-check-interval", "1", "--job-max-check-interval", "1",
            "--job-lease", "2", "--log-level", "error",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func send(_ method: String, _ url: String, token: String, body: String? = nil) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 60
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await self.session.data(for: request)
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    func waitUntilHealthy(port: Int) async throws -> Bool {
        for _ in 0..<100 {
            let request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/healthz")!)
            if let (_, response) = try? await self.session.data(for: request),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    static func destinationChecks(_ job: [String: Any]) -> Int {
        ((job["destinations"] as? [[String: Any]])?.first?["checks"] as? Int) ?? 0
    }

    @Test func killedServerJobCompletesAfterRestart() async throws {
        let directory = try ExecutableTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("jobs.sqlite").path
        let token = try await ExecutableTests.run([
            "tokens", "create", "--database", database, "--name", "ops", "--role", "operator",
        ])
        .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let repository = "jobs-restart-" + UUID().uuidString.prefix(8).lowercased()
        let manifest = Self.manifest()
        let digest = "sha256:" + SHA256.hexHash(manifest)
        try await Self.push(manifest, repository: repository, region: "us-east-1", digest: digest)

        let port = ExecutableTests.freePort()
        let first = try Self.startServer(database: database, port: port)
        defer {
            if first.isRunning {
                kill(first.processIdentifier, SIGKILL)
            }
        }
        #expect(try await self.waitUntilHealthy(port: port))
        let base = "http://127.0.0.1:\(port)/v1/replication-jobs"
        let created = try await self.send(
            "POST",
            base,
            token: token,
            body: """
                {"repository": "\(repository)", "digest": "\(digest)", "deadlineSeconds": 120, \
                "destinations": [{"region": "us-west-2", "registryId": "\(Self.account)"}]}
                """
        )
        let id = try #require(created["id"] as? Int)
        var running: [String: Any] = [:]
        for _ in 0..<100 where Self.destinationChecks(running) < 1 {
            try await Task.sleep(for: .milliseconds(100))
            running = try await self.send("GET", "\(base)/\(id)", token: token)
        }
        #expect(running["state"] as? String == "running")
        #expect(Self.destinationChecks(running) >= 1)

        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)

        try await Self.push(manifest, repository: repository, region: "us-west-2", digest: digest)
        let second = try Self.startServer(database: database, port: port)
        defer {
            if second.isRunning {
                kill(second.processIdentifier, SIGTERM)
                second.waitUntilExit()
            }
        }
        #expect(try await self.waitUntilHealthy(port: port))
        let finished = try await self.send("GET", "\(base)/\(id)?wait=30s", token: token)
        #expect(finished["state"] as? String == "succeeded")
        #expect(Self.destinationChecks(finished) > Self.destinationChecks(running))
        let destination = (finished["destinations"] as? [[String: Any]])?.first ?? [:]
        #expect(destination["status"] as? String == "verified")
        #expect(destination["observedDigest"] as? String == digest)
    }
}
