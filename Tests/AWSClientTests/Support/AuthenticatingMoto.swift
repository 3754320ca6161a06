import Foundation

@testable import AWSClient

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A moto_server of its own with signature checking on: the first `freeCalls` service calls are not
/// checked, later ones must be signed with an access key of an IAM user created inside it.
final class AuthenticatingMoto: @unchecked Sendable {
    // @unchecked: both properties are set once in init and only read afterwards.
    private let process: Process
    let endpoint: String

    private init(process: Process, endpoint: String) {
        self.process = process
        self.endpoint = endpoint
    }

    /// Starts `$ECP_TEST_VENV_BIN/moto_server` on a free loopback port and waits until it responds.
    static func start(freeCalls: Int) async throws -> AuthenticatingMoto {
        guard let bin = ProcessInfo.processInfo.environment["ECP_TEST_VENV_BIN"] else {
            throw AWSTestError("ECP_TEST_VENV_BIN is not set; run the tests through scripts/with-moto.sh.")
        }
        let port = try FreePort.pick()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(bin)/moto_server")
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(freeCalls)
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = AuthenticatingMoto(process: process, endpoint: "http://127.0.0.1:\(port)")
        for _ in 0..<200 {
            // The moto-api dashboard is not a service action, so polling it spends none of the free calls.
            if let url = URL(string: "\(server.endpoint)/moto-api/"),
                let (_, response) = try? await URLSession.shared.data(from: url),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return server
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.stop()
        throw AWSTestError("moto_server on port \(port) did not become ready.")
    }

    /// Stops moto by its process id. SIGKILL, because the test runner's blocked signal mask is inherited
    /// by the child, which then ignores SIGTERM.
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

/// Picks a free TCP port on 127.0.0.1 by binding port 0 and reading the port the kernel chose.
enum FreePort {
    static func pick() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw AWSTestError("socket() failed with errno \(errno).")
        }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            throw AWSTestError("bind() to 127.0.0.1 failed with errno \(errno).")
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The IAM calls that create a user with an access key, sent through the client's query protocol.
struct IAMParameters: QueryEncodable {
    let pairs: [(String, String)]

    func encode(into parameters: inout QueryParameters) {
        for (name, value) in self.pairs {
            parameters.add(name, value)
        }
    }
}
