import Dispatch
import Foundation
import Synchronization
import Testing

/// `serve --tls-cert/--tls-key` as an operator runs it: start, SIGHUP reload, bad files, flag pairs.
@Suite struct TLSServeTests {
    /// A Python client that trusts `cafile` and prints one JSON line per request: the peer's common name,
    /// the local port and the status line. It sends one request, waits for the `marker` file, and then
    /// sends one on the same connection and one on a new connection.
    static let pythonClient = #"""
        import json, os, socket, ssl, sys, time
        port, cafile, marker = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        context = ssl.create_default_context(cafile=cafile)

        def connect():
            return context.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=5), server_hostname="127.0.0.1")

        def exchange(connection):
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            data = b""
            while not data.endswith(b'{"status":"ok"}'):
                chunk = connection.recv(65536)
                if not chunk:
                    raise RuntimeError("connection closed before the response ended")
                data += chunk
            subject = dict(field[0] for field in connection.getpeercert()["subject"])
            return {"status": data.split(b"\r\n")[0].decode(), "commonName": subject["commonName"],
                    "localPort": connection.getsockname()[1]}

        first = connect()
        print(json.dumps(exchange(first)), flush=True)
        open(marker + ".connected", "w").close()
        deadline = time.time() + 20
        while not os.path.exists(marker) and time.time() < deadline:
            time.sleep(0.02)
        print(json.dumps(exchange(first)), flush=True)
        print(json.dumps(exchange(connect())), flush=True)
        """#

    private static func makeCertificate(_ name: String, in directory: URL) async throws {
        let outcome = try await ExecutableTests.run(
            tool: "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", directory.appendingPathComponent("\(name).key").path,
                "-out", directory.appendingPathComponent("\(name).pem").path, "-days", "2", "-subj", "/CN=\(name)",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ]
        )
        try #require(outcome.status == 0, "openssl req failed: \(outcome.standardError)")
    }

    @Test func serveHelpListsTLSOptions() async throws {
        let outcome = try await ExecutableTests.run(["serve", "--help"])
        #expect(outcome.standardOutput.contains("--tls-cert PATH"))
        #expect(outcome.standardOutput.contains("--tls-key PATH"))
        #expect(outcome.standardOutput.contains("SIGHUP"))
    }

    @Test(arguments: [
        (["--tls-cert", "/tmp/c.pem"], "--tls-cert needs --tls-key"),
        (["--tls-key", "/tmp/k.pem"], "--tls-key needs --tls-cert"),
    ])
    func singleTLSOptionIsUsageError(arguments: [String], message: String) async throws {
        let outcome = try await ExecutableTests.run(["serve"] + arguments)
        #expect(outcome.status == 64)
        #expect(outcome.standardError.contains(message))
    }

    @Test func invalidCertificateStopsServeNamingFile() async throws {
        let directory = try ExecutableTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.makeCertificate("server", in: directory)
        let certificate = directory.appendingPathComponent("broken.pem").path
        try "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"
            .write(toFile: certificate, atomically: true, encoding: .utf8)
        let outcome = try await ExecutableTests.run([
            "serve", "--database", directory.appendingPathComponent("s.sqlite").path, "--listen", "127.0.0.1:0",
            "--tls-cert", certificate, "--tls-key", directory.appendingPathComponent("server.key").path,
        ])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("loading the TLS certificate chain failed for \(certificate)"))
    }

    @Test func missingKeyFromEnvironmentStopsServeNamingFile() async throws {
        let directory = try ExecutableTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.makeCertificate("server", in: directory)
        let key = directory.appendingPathComponent("absent.key").path
        let outcome = try await ExecutableTests.run(
            [
                "serve", "--database", directory.appendingPathComponent("s.sqlite").path, "--listen", "127.0.0.1:0",
            ],
            environment: ["ECP_TLS_CERT": directory.appendingPathComponent("server.pem").path, "ECP_TLS_KEY": key]
        )
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("reading the TLS private key failed for \(key): No such file"))
    }

    @Test func sighupReloadsCertificateForNewConnections() async throws {
        let directory = try ExecutableTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.makeCertificate("first", in: directory)
        try await Self.makeCertificate("second", in: directory)
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        let bundle =
            try String(contentsOfFile: path("first.pem"), encoding: .utf8)
            + String(contentsOfFile: path("second.pem"), encoding: .utf8)
        try bundle.write(toFile: path("bundle.pem"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: path("first.pem"), toPath: path("live.pem"))
        try FileManager.default.copyItem(atPath: path("first.key"), toPath: path("live.key"))

        let port = ExecutableTests.freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: ExecutableTests.binary)
        server.arguments = [
            "serve", "--database", path("s.sqlite"), "--listen", "127.0.0.1:\(port)", "--tls-cert", path("live.pem"),
            "--tls-key", path("live.key"),
        ]
        let serverLog = Pipe()
        server.standardError = serverLog
        server.standardOutput = Pipe()
        try server.run()
        defer {
            if server.isRunning {
                server.terminate()
            }
        }
        var healthy = false
        for _ in 0..<100 where !healthy {
            let probe = try await ExecutableTests.run(
                tool: "/usr/bin/curl",
                ["-s", "--cacert", path("bundle.pem"), "https://127.0.0.1:\(port)/healthz"]
            )
            healthy = probe.standardOutput == #"{"status":"ok"}"#
            if !healthy {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        try #require(healthy)

        let marker = path("reloaded")
        let clientArguments = ["python3", "-c", Self.pythonClient, String(port), path("bundle.pem"), marker]
        async let client = ExecutableTests.run(tool: "/usr/bin/env", clientArguments)
        for _ in 0..<1_000 where !FileManager.default.fileExists(atPath: marker + ".connected") {
            try await Task.sleep(for: .milliseconds(10))
        }
        for name in ["pem", "key"] {
            try FileManager.default.copyItem(atPath: path("second.\(name)"), toPath: path("staged.\(name)"))
            #expect(rename(path("staged.\(name)"), path("live.\(name)")) == 0)
        }
        kill(server.processIdentifier, SIGHUP)
        var reloaded = false
        for _ in 0..<500 where !reloaded {
            let probe = try await ExecutableTests.run(
                tool: "/usr/bin/curl",
                ["-sv", "--cacert", path("bundle.pem"), "https://127.0.0.1:\(port)/healthz"]
            )
            reloaded = probe.standardError.contains("CN=second")
            if !reloaded {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(reloaded)
        #expect(FileManager.default.createFile(atPath: marker, contents: Data()))

        let outcome = try await client
        #expect(outcome.status == 0, "client failed: \(outcome.standardError)")
        let lines = outcome.standardOutput.split(separator: "\n").compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
        try #require(lines.count == 3)
        #expect(lines[0]["commonName"] as? String == "first")
        #expect(lines[1]["commonName"] as? String == "first")
        #expect(lines[1]["status"] as? String == "HTTP/1.1 200 OK")
        #expect(lines[1]["localPort"] as? Int == lines[0]["localPort"] as? Int)
        #expect(lines[2]["commonName"] as? String == "second")

        kill(server.processIdentifier, SIGTERM)
        let log = await withCheckedContinuation { continuation in
            Thread {
                let data = serverLog.fileHandleForReading.readDataToEndOfFile()
                server.waitUntilExit()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }.start()
        }
        #expect(server.terminationStatus == 0)
        #expect(log.contains(#""message":"TLS certificate reloaded.""#))
        #expect(log.contains(#""http.scheme":"https""#))
        #expect(!log.contains("PRIVATE KEY"))
    }
}

extension ExecutableTests {
    /// Runs another program (openssl, curl, python3) to completion, off the concurrency pool.
    static func run(tool: String, _ arguments: [String]) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let (outputData, errorData) = await withCheckedContinuation { continuation in
            Thread {
                let errorData = Mutex(Data())
                let errorRead = DispatchSemaphore(value: 0)
                Thread {
                    errorData.withLock { $0 = error.fileHandleForReading.readDataToEndOfFile() }
                    errorRead.signal()
                }.start()
                let outputData = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                errorRead.wait()
                continuation.resume(returning: (outputData, errorData.withLock { $0 }))
            }.start()
        }
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self)
        )
    }
}
