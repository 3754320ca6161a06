import Foundation
import HTTPServer
import Observability
import Testing

/// HTTPS through real clients: curl with `--cacert`, Python's `ssl` module and a raw socket.
@Suite struct TLSServerTests {
    @Test func curlWithCACertificateGetsResponse() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        try await withTLSServer(certificate: fixture.path("server.pem"), key: fixture.path("server.key")) { server in
            let outcome = try await ToolProcess.run(
                "/usr/bin/curl",
                [
                    "-sS", "--cacert", fixture.path("server.pem"), "-w", "\n%{http_version}",
                    "https://127.0.0.1:\(server.localPort)/hello",
                ]
            )
            #expect(outcome.status == 0)
            #expect(outcome.standardOutput == "GET /hello \n1.1")
        }
    }

    @Test func parallelHandshakesAllSucceed() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        var configuration = HTTPServerConfiguration()
        configuration.eventLoopCount = 2
        try await withTLSServer(
            certificate: fixture.path("server.pem"),
            key: fixture.path("server.key"),
            configuration: configuration
        ) { server in
            // 40 transfers, 20 at a time, each on its own connection, so handshakes overlap on both loops.
            let urls = (0..<40).map { "https://127.0.0.1:\(server.localPort)/p/\($0)" }
            let outcome = try await ToolProcess.run(
                "/usr/bin/curl",
                [
                    "--silent", "--show-error", "--no-progress-meter", "--parallel", "--parallel-max", "20",
                    "--header", "Connection: close", "--cacert", fixture.path("server.pem"),
                ] + urls
            )
            #expect(outcome.status == 0)
            #expect(outcome.standardError == "")
            // The echo bodies arrive concatenated in completion order, "GET /p/N " each.
            let bodies = outcome.standardOutput.split(separator: " ").filter { $0.hasPrefix("/p/") }.map(String.init)
            #expect(bodies.count == 40)
            #expect(Set(bodies) == Set((0..<40).map { "/p/\($0)" }))
        }
    }

    @Test func chainFileVerifiesAgainstRootOnly() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeChain()
        try await withTLSServer(certificate: fixture.path("chain.pem"), key: fixture.path("leaf.key")) { server in
            let outcome = try await ToolProcess.run(
                "/usr/bin/curl",
                ["-sS", "--cacert", fixture.path("root.pem"), "https://127.0.0.1:\(server.localPort)/chain"]
            )
            #expect(outcome.status == 0)
            #expect(outcome.standardError == "")
            #expect(outcome.standardOutput == "GET /chain ")
        }
    }

    @Test(arguments: [("TLSv1_2", "TLSv1.2"), ("TLSv1_3", "TLSv1.3")])
    func pythonNegotiatesVersion(option: String, negotiated: String) async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        try await withTLSServer(certificate: fixture.path("server.pem"), key: fixture.path("server.key")) { server in
            let result = try await runPythonClient(
                port: server.localPort,
                caFile: fixture.path("server.pem"),
                options: ["version": option]
            )
            #expect(result.status == 0)
            let line = try #require(result.lines.first)
            #expect(line["version"] as? String == negotiated)
            #expect(line["status"] as? String == "HTTP/1.1 200 OK")
            #expect(line["body"] as? String == "GET /first ")
        }
    }

    @Test func tls11IsRejected() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        let capture = LogCapture()
        try await withTLSServer(
            certificate: fixture.path("server.pem"),
            key: fixture.path("server.key"),
            logger: capture.logger
        ) { server in
            let result = try await runPythonClient(
                port: server.localPort,
                caFile: fixture.path("server.pem"),
                options: ["version": "TLSv1_1"]
            )
            #expect(result.status == 1)
            let error = try #require(result.lines.first?["error"] as? String)
            #expect(error.contains("PROTOCOL_VERSION"))
            let failures = try await capture.waitForEvents(withMessage: "TLS handshake failed.")
            #expect(failures.count == 1)
            #expect(failures.first?.metadata["tls.error"] == "unsupported protocol")
        }
    }

    @Test func alpnSelectsHTTP11() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        try await withTLSServer(certificate: fixture.path("server.pem"), key: fixture.path("server.key")) { server in
            let result = try await runPythonClient(
                port: server.localPort,
                caFile: fixture.path("server.pem"),
                options: ["alpn": ["h2", "http/1.1"]]
            )
            #expect(result.status == 0)
            #expect(result.lines.first?["alpn"] as? String == "http/1.1")
            #expect(result.lines.first?["body"] as? String == "GET /first ")
        }
    }

    @Test func alpnWithoutHTTP11FailsHandshake() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        try await withTLSServer(certificate: fixture.path("server.pem"), key: fixture.path("server.key")) { server in
            let result = try await runPythonClient(
                port: server.localPort,
                caFile: fixture.path("server.pem"),
                options: ["alpn": ["h2"]]
            )
            #expect(result.status == 1)
            let error = try #require(result.lines.first?["error"] as? String)
            #expect(error.contains("no application protocol"))
        }
    }

    @Test func plaintextRequestIsClosedWithOneLogLine() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        let capture = LogCapture()
        try await withTLSServer(
            certificate: fixture.path("server.pem"),
            key: fixture.path("server.key"),
            logger: capture.logger
        ) { server in
            let client = try RawClient(port: server.localPort)
            await client.send("GET /plain HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let received = await client.readUntilClose()
            #expect(!received.contains("HTTP/1.1"))
            let failures = try await capture.waitForEvents(withMessage: "TLS handshake failed.")
            #expect(failures.count == 1)
            #expect(failures.first?.metadata["tls.error"] == "http request")
            #expect(failures.first?.metadata["net.peer.address"] == "127.0.0.1")
            #expect(try await Self.waitUntilNoConnections(server))
        }
    }

    @Test func stalledHandshakeClosesAfterHeaderTimeout() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        let capture = LogCapture()
        var configuration = HTTPServerConfiguration()
        configuration.headerReadTimeout = .seconds(1)
        try await withTLSServer(
            certificate: fixture.path("server.pem"),
            key: fixture.path("server.key"),
            configuration: configuration,
            logger: capture.logger
        ) { server in
            let client = try RawClient(port: server.localPort, receiveTimeout: 10)
            let started = ContinuousClock.now
            // The first bytes of a TLS record header for a ClientHello, and then nothing.
            await client.send("\u{16}\u{03}\u{01}\u{02}")
            let received = await client.readUntilClose()
            let elapsed = ContinuousClock.now - started
            #expect(received.isEmpty)
            #expect(elapsed >= .milliseconds(900))
            #expect(elapsed < .seconds(5))
            let timeouts = try await capture.waitForEvents(withMessage: "TLS handshake timed out.")
            #expect(timeouts.count == 1)
            #expect(capture.events(withMessage: "TLS handshake failed.").isEmpty)
            #expect(try await Self.waitUntilNoConnections(server))
        }
    }

    /// Past the connection limit a TLS client still receives the 503, after a handshake, while at most
    /// `maxTLSRejections` such handshakes run at once. Past those the socket only closes.
    @Test func connectionPastLimitGets503OverTLS() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        var configuration = HTTPServerConfiguration()
        configuration.maxConnections = 1
        try await withTLSServer(
            certificate: fixture.path("server.pem"),
            key: fixture.path("server.key"),
            configuration: configuration
        ) { server in
            // A TCP connection that never starts its handshake takes the only slot.
            let holder = try RawClient(port: server.localPort)
            try await HTTPServerLoadTests.waitUntil { server.connectionCount == 1 }
            let curl = [
                "-sS", "-i", "--cacert", fixture.path("server.pem"), "https://127.0.0.1:\(server.localPort)/hello",
            ]
            let overLimit = try await ToolProcess.run("/usr/bin/curl", curl)
            #expect(overLimit.status == 0)
            #expect(overLimit.standardOutput.hasPrefix("HTTP/1.1 503"))
            #expect(overLimit.standardOutput.lowercased().contains("retry-after: 1\r\n"))
            #expect(overLimit.standardOutput.lowercased().contains("connection: close\r\n"))

            // Stalled handshakes fill every rejection slot, so the next client gets no handshake at all.
            var stalled: [RawClient] = []
            for _ in 0..<HTTPServer.maxTLSRejections {
                stalled.append(try RawClient(port: server.localPort))
            }
            try await Task.sleep(for: .milliseconds(300))
            let pastRejectionSlots = try await ToolProcess.run("/usr/bin/curl", curl)
            #expect(pastRejectionSlots.status != 0)
            #expect(!pastRejectionSlots.standardOutput.contains("HTTP/1.1"))
            #expect(server.connectionCount == 1)
            withExtendedLifetime((holder, stalled)) {}
        }
    }

    @Test func largeBodyEchoesOverTLS() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        // 4 MiB each way is far more than one TLS record or socket buffer, so reads and writes must
        // resume after want-read and want-write many times.
        let body = String(repeating: "0123456789abcdef", count: 262_144)
        try body.write(toFile: fixture.path("body.txt"), atomically: true, encoding: .utf8)
        var configuration = HTTPServerConfiguration()
        configuration.limits.maxBodyBytes = 8 * 1024 * 1024
        try await withTLSServer(
            certificate: fixture.path("server.pem"),
            key: fixture.path("server.key"),
            configuration: configuration
        ) { server in
            let outcome = try await ToolProcess.run(
                "/usr/bin/curl",
                [
                    "-sS", "--cacert", fixture.path("server.pem"), "--data-binary", "@\(fixture.path("body.txt"))",
                    "https://127.0.0.1:\(server.localPort)/echo",
                ]
            )
            #expect(outcome.status == 0)
            #expect(outcome.standardOutput.count == "POST /echo ".count + body.count)
            #expect(outcome.standardOutput.hasSuffix(body))
        }
    }

    @Test func reloadReachesNewConnectionsOnly() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("first")
        try fixture.makeSelfSigned("second")
        let bundle =
            try String(contentsOfFile: fixture.path("first.pem"), encoding: .utf8)
            + String(contentsOfFile: fixture.path("second.pem"), encoding: .utf8)
        try bundle.write(toFile: fixture.path("bundle.pem"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: fixture.path("first.pem"), toPath: fixture.path("live.pem"))
        try FileManager.default.copyItem(atPath: fixture.path("first.key"), toPath: fixture.path("live.key"))
        let marker = fixture.path("reloaded")
        try await withTLSServer(certificate: fixture.path("live.pem"), key: fixture.path("live.key")) { server in
            async let client = runPythonClient(
                port: server.localPort,
                caFile: fixture.path("bundle.pem"),
                options: ["waitFor": marker]
            )
            try await Self.waitForConnections(server, count: 1)
            try Self.replace(fixture.path("live.pem"), with: fixture.path("second.pem"))
            try Self.replace(fixture.path("live.key"), with: fixture.path("second.key"))
            try server.reloadTLSCertificate()
            #expect(FileManager.default.createFile(atPath: marker, contents: Data()))
            let result = try await client
            #expect(result.status == 0)
            try #require(result.lines.count == 3)
            let (first, again, new) = (result.lines[0], result.lines[1], result.lines[2])
            #expect(first["commonName"] as? String == "first")
            #expect(again["commonName"] as? String == "first")
            #expect(again["body"] as? String == "GET /again ")
            #expect(again["localPort"] as? Int == first["localPort"] as? Int)
            #expect(new["commonName"] as? String == "second")
            #expect(new["body"] as? String == "GET /new ")
        }
    }

    @Test func failedReloadKeepsCurrentCertificate() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        try FileManager.default.copyItem(atPath: fixture.path("server.pem"), toPath: fixture.path("live.pem"))
        try await withTLSServer(certificate: fixture.path("live.pem"), key: fixture.path("server.key")) { server in
            try "not a certificate\n".write(toFile: fixture.path("live.pem"), atomically: true, encoding: .utf8)
            #expect {
                try server.reloadTLSCertificate()
            } throws: { error in
                "\(error)".contains(fixture.path("live.pem")) && "\(error)".contains("no start line")
            }
            let result = try await runPythonClient(port: server.localPort, caFile: fixture.path("server.pem"))
            #expect(result.status == 0)
            #expect(result.lines.first?["commonName"] as? String == "server")
        }
    }

    @Test func startRejectsKeyOfAnotherCertificate() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("first")
        try fixture.makeSelfSigned("second")
        let tls = TLSConfiguration(
            certificateChainPath: fixture.path("first.pem"),
            privateKeyPath: fixture.path("second.key")
        )
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(port: 0, tls: tls),
            responder: EchoResponder(),
            logger: .disabled
        )
        let error = try #require(throws: HTTPServerError.self) { try server.start() }
        #expect(error.address == fixture.path("second.key"))
        #expect(error.tlsReason?.contains("key values mismatch") == true)
    }

    @Test func startNamesMissingCertificateFile() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        let tls = TLSConfiguration(
            certificateChainPath: fixture.path("missing.pem"),
            privateKeyPath: fixture.path("server.key")
        )
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(port: 0, tls: tls),
            responder: EchoResponder(),
            logger: .disabled
        )
        let error = try #require(throws: HTTPServerError.self) { try server.start() }
        #expect(error.address == fixture.path("missing.pem"))
        #expect(error.errorNumber == ENOENT)
        #expect(error.description.contains("reading the TLS certificate chain failed"))
    }

    @Test func startRejectsEncryptedKeyWithoutPrompt() async throws {
        let fixture = try TLSFixture()
        defer { fixture.remove() }
        try fixture.makeSelfSigned("server")
        let encrypted = fixture.path("encrypted.key")
        let outcome = try await ToolProcess.run(
            "/usr/bin/openssl",
            ["pkey", "-in", fixture.path("server.key"), "-aes256", "-passout", "pass:secret", "-out", encrypted]
        )
        try #require(outcome.status == 0)
        let tls = TLSConfiguration(certificateChainPath: fixture.path("server.pem"), privateKeyPath: encrypted)
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(port: 0, tls: tls),
            responder: EchoResponder(),
            logger: .disabled
        )
        let error = try #require(throws: HTTPServerError.self) { try server.start() }
        #expect(error.address == encrypted)
        #expect(error.operation == "loading the TLS private key")
    }

    /// Replaces a file by rename, the way deployment tools swap certificates.
    private static func replace(_ path: String, with source: String) throws {
        let staging = path + ".new"
        try FileManager.default.copyItem(atPath: source, toPath: staging)
        guard rename(staging, path) == 0 else {
            throw ToolProcess.ToolError(description: "rename to \(path) failed: errno \(errno)")
        }
    }

    private static func waitForConnections(_ server: HTTPServer, count: Int) async throws {
        for _ in 0..<1_000 where server.connectionCount < count {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    private static func waitUntilNoConnections(_ server: HTTPServer) async throws -> Bool {
        for _ in 0..<500 where server.connectionCount > 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        return server.connectionCount == 0
    }
}
