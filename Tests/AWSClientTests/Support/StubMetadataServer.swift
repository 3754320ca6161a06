import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A Python child process on 127.0.0.1 that serves IMDSv2 and container credentials, so credential
/// providers are tested over real HTTP without touching a metadata address.
///
/// IMDSv2: `PUT /latest/api/token` needs `X-aws-ec2-metadata-token-ttl-seconds` and returns a token; the
/// credential paths need that token. Container: `GET /container-credentials` needs
/// `Authorization: stub-container-token`. Every request is counted per path at `GET /stats`.
final class StubMetadataServer: @unchecked Sendable {
    // @unchecked: `process` and `port` are set once in init and only read afterwards.
    private let process: Process
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(self.port)" }

    static let script = #"""
        import json, sys
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        CREDS = {"Code": "Success", "AccessKeyId": "ASIASTUB", "SecretAccessKey": "stub-secret",
                 "Token": "stub-session", "Expiration": "2099-01-01T00:00:00Z"}
        STATS = {}
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass
            def reply(self, status, body):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            def count(self):
                STATS[self.path] = STATS.get(self.path, 0) + 1
            def do_PUT(self):
                self.count()
                if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                    return self.reply(200, "imds-token")
                self.reply(400, "missing ttl")
            def do_GET(self):
                if self.path == "/stats":
                    return self.reply(200, json.dumps(STATS))
                self.count()
                if self.path == "/container-credentials":
                    if self.headers.get("Authorization") != "stub-container-token":
                        return self.reply(401, "bad token")
                    return self.reply(200, json.dumps(CREDS))
                if self.headers.get("X-aws-ec2-metadata-token") != "imds-token":
                    return self.reply(401, "")
                if self.path == "/latest/meta-data/iam/security-credentials/":
                    return self.reply(200, "stub-role")
                if self.path == "/latest/meta-data/iam/security-credentials/stub-role":
                    return self.reply(200, json.dumps(CREDS))
                self.reply(404, "")
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// Starts the child and waits for it to report its port, reading the pipe on a dispatch queue because
    /// the read blocks.
    static func start() async throws -> StubMetadataServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var line = Data()
                let reader = output.fileHandleForReading
                while let byte = try? reader.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
                    line.append(byte)
                }
                continuation.resume(returning: String(decoding: line, as: UTF8.self))
            }
        }
        guard let port = Int(line) else {
            kill(process.processIdentifier, SIGKILL)
            throw AWSTestError("The stub metadata server did not report its port.")
        }
        return StubMetadataServer(process: process, port: port)
    }

    /// Returns how many requests reached `path`.
    func requestCount(_ path: String) async throws -> Int {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "\(self.baseURL)/stats")!)
        let stats = try JSONSerialization.jsonObject(with: data) as? [String: Int]
        return stats?[path] ?? 0
    }

    /// Stops the child by its process id. SIGKILL, because the test runner's blocked signal mask is
    /// inherited by the child, which then ignores SIGTERM.
    func stop() {
        if self.process.isRunning {
            kill(self.process.processIdentifier, SIGKILL)
            self.process.waitUntilExit()
        }
    }

    deinit {
        self.stop()
    }
}

/// A failure of test setup.
struct AWSTestError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
