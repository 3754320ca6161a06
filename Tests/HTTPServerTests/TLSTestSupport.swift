import Dispatch
import Foundation
import HTTPServer
import Observability
import Synchronization

/// Certificates made with the `openssl` command line tool in a fresh temporary directory.
struct TLSFixture {
    let directory: URL

    init() throws {
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String {
        self.directory.appendingPathComponent(name).path
    }

    func remove() {
        try? FileManager.default.removeItem(at: self.directory)
    }

    /// Writes `NAME.pem` and `NAME.key`: a self-signed P-256 certificate for 127.0.0.1 with common name `name`.
    func makeSelfSigned(_ name: String) throws {
        try self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", self.path("\(name).key"), "-out", self.path("\(name).pem"), "-days", "2",
            "-subj", "/CN=\(name)", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
    }

    /// Writes `root.pem`, an intermediate CA signed by it, and `leaf.key` plus `chain.pem` (the leaf
    /// certificate followed by the intermediate), as a server behind a two-level CA would have them.
    func makeChain() throws {
        let caExtensions = self.path("ca.ext")
        try "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
            .write(toFile: caExtensions, atomically: true, encoding: .utf8)
        let leafExtensions = self.path("leaf.ext")
        try "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"
            .write(toFile: leafExtensions, atomically: true, encoding: .utf8)
        try self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", self.path("root.key"), "-out", self.path("root.pem"), "-days", "2", "-subj", "/CN=test root",
        ])
        try self.signedCertificate("intermediate", issuer: "root", extensions: caExtensions)
        try self.signedCertificate("leaf", issuer: "intermediate", extensions: leafExtensions)
        let chain =
            try String(contentsOfFile: self.path("leaf.pem"), encoding: .utf8)
            + String(contentsOfFile: self.path("intermediate.pem"), encoding: .utf8)
        try chain.write(toFile: self.path("chain.pem"), atomically: true, encoding: .utf8)
    }

    private func signedCertificate(_ name: String, issuer: String, extensions: String) throws {
        try self.openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", self.path("\(name).key"), "-out", self.path("\(name).csr"), "-subj", "/CN=test \(name)",
        ])
        try self.openssl([
            "x509", "-req", "-in", self.path("\(name).csr"), "-CA", self.path("\(issuer).pem"),
            "-CAkey", self.path("\(issuer).key"), "-CAcreateserial", "-out", self.path("\(name).pem"),
            "-days", "2", "-extfile", extensions,
        ])
    }

    private func openssl(_ arguments: [String]) throws {
        let outcome = try ToolProcess.runBlocking("/usr/bin/openssl", arguments)
        guard outcome.status == 0 else {
            throw ToolProcess.ToolError(
                description: "openssl \(arguments.first ?? "") failed: \(outcome.standardError)"
            )
        }
    }
}

/// Runs curl, python3 and openssl as TLS clients and tools. Blocking waits run on threads of their own,
/// never on the concurrency pool that the server's responders use.
enum ToolProcess {
    struct Outcome: Sendable {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    struct ToolError: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ executable: String, _ arguments: [String], input: String = "") async throws -> Outcome {
        try await RawClient.offPool { try self.runBlocking(executable, arguments, input: input) }
    }

    static func runBlocking(_ executable: String, _ arguments: [String], input: String = "") throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = standardInput
        try process.run()
        standardInput.fileHandleForWriting.write(Data(input.utf8))
        try standardInput.fileHandleForWriting.close()
        // Read standard error on another thread so that neither pipe can fill up and stall the tool.
        let errorData = Mutex(Data())
        let errorRead = DispatchSemaphore(value: 0)
        Thread {
            errorData.withLock { $0 = error.fileHandleForReading.readDataToEndOfFile() }
            errorRead.signal()
        }.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorRead.wait()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData.withLock { $0 }, as: UTF8.self)
        )
    }
}

/// Keeps every log event a server writes, so tests can count the lines a failure produced.
final class LogCapture: Sendable {
    private let events = Mutex<[LogEvent]>([])

    var logger: Logger {
        Logger(label: "http", level: .trace, sink: LogSink { event in self.events.withLock { $0.append(event) } })
    }

    func events(withMessage message: String) -> [LogEvent] {
        self.events.withLock { $0.filter { $0.message == message } }
    }

    /// Waits up to 5 s for `count` events with `message`, since the server logs on its own queues.
    func waitForEvents(withMessage message: String, count: Int = 1) async throws -> [LogEvent] {
        for _ in 0..<500 where self.events(withMessage: message).count < count {
            try await Task.sleep(for: .milliseconds(10))
        }
        return self.events(withMessage: message)
    }
}

/// A Python `ssl` client: connects to 127.0.0.1 trusting `cafile`, sends `GET /first` and prints one JSON
/// line with the negotiated version, ALPN protocol, peer common name, local port, status line and body.
/// With `waitFor`, it then waits for that file to exist, repeats the request on the same connection and
/// on a new one, and prints a line for each. A failed handshake prints `{"error": ...}` and exits 1.
let pythonTLSClient = #"""
    import json, os, socket, ssl, sys, time
    port, cafile, options = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(cafile)
    if "version" in options:
        # Security level 0 lets this client offer TLS 1.1 at all, so the server is the one to reject it.
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        context.minimum_version = getattr(ssl.TLSVersion, options["version"])
        context.maximum_version = getattr(ssl.TLSVersion, options["version"])
    if "alpn" in options:
        context.set_alpn_protocols(options["alpn"])

    def connect():
        raw = socket.create_connection(("127.0.0.1", port), timeout=5)
        return context.wrap_socket(raw, server_hostname="127.0.0.1")

    def exchange(connection, path):
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = connection.recv(65536)
            if not chunk:
                raise RuntimeError("connection closed before the response head")
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        length = next(int(line.split(":")[1]) for line in lines if line.lower().startswith("content-length:"))
        while len(body) < length:
            body += connection.recv(65536)
        subject = dict(field[0] for field in connection.getpeercert()["subject"])
        return {
            "version": connection.version(), "alpn": connection.selected_alpn_protocol(),
            "commonName": subject["commonName"], "localPort": connection.getsockname()[1],
            "status": lines[0], "body": body.decode(),
        }

    try:
        first = connect()
    except (ssl.SSLError, OSError) as error:
        print(json.dumps({"error": str(error)}))
        sys.exit(1)
    print(json.dumps(exchange(first, "/first")), flush=True)
    if "waitFor" in options:
        deadline = time.time() + 20
        while not os.path.exists(options["waitFor"]) and time.time() < deadline:
            time.sleep(0.02)
        print(json.dumps(exchange(first, "/again")), flush=True)
        print(json.dumps(exchange(connect(), "/new")), flush=True)
    """#

/// Runs `pythonTLSClient` and decodes each line it printed.
func runPythonClient(
    port: Int,
    caFile: String,
    options: [String: any Sendable] = [:]
) async throws -> (status: Int32, lines: [[String: Any]]) {
    let optionsJSON = String(decoding: try JSONSerialization.data(withJSONObject: options), as: UTF8.self)
    let outcome = try await ToolProcess.run(
        "/usr/bin/env",
        ["python3", "-c", pythonTLSClient, String(port), caFile, optionsJSON]
    )
    let lines = outcome.standardOutput.split(separator: "\n").compactMap { line in
        try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }
    return (outcome.status, lines)
}

/// Starts an HTTPS server with the echo responder on a free loopback port and stops it when `body` returns.
func withTLSServer(
    certificate: String,
    key: String,
    configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
    logger: Logger = .disabled,
    _ body: (HTTPServer) async throws -> Void
) async throws {
    var configuration = configuration
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.tls = TLSConfiguration(certificateChainPath: certificate, privateKeyPath: key)
    let server = HTTPServer(configuration: configuration, responder: EchoResponder(), logger: logger)
    try server.start()
    do {
        try await body(server)
    } catch {
        await server.shutdown(gracePeriod: .seconds(1))
        throw error
    }
    await server.shutdown(gracePeriod: .seconds(1))
}
