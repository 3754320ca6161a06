import Testing

@testable import ecr_control_plane

@Suite struct ArgumentsTests {
    @Test func flagsWinOverEnvironment() throws {
        let arguments = try Arguments(
            ["--listen", "127.0.0.1:9000", "--database=/tmp/x.sqlite"],
            options: ["listen", "database"],
            environment: ["ECP_LISTEN": "127.0.0.1:1", "ECP_DATABASE": "/env.sqlite"]
        )
        #expect(arguments.value("listen", environment: "ECP_LISTEN") == "127.0.0.1:9000")
        #expect(arguments.value("database", environment: "ECP_DATABASE") == "/tmp/x.sqlite")
    }

    @Test func environmentFillsMissingFlags() throws {
        let arguments = try Arguments([], options: ["listen"], environment: ["ECP_LISTEN": "127.0.0.1:7"])
        #expect(arguments.value("listen", environment: "ECP_LISTEN") == "127.0.0.1:7")
    }

    @Test func repeatedOptionsKeepEveryValue() throws {
        let arguments = try Arguments(
            ["--region", "us-east-1", "--region", "eu-west-1"],
            options: ["region"],
            environment: [:]
        )
        #expect(arguments.values("region") == ["us-east-1", "eu-west-1"])
    }

    @Test func unknownOptionAndMissingValueAreUsageErrors() {
        #expect(throws: Arguments.UsageError.self) { try Arguments(["--nope"], options: [], environment: [:]) }
        #expect(throws: Arguments.UsageError.self) {
            try Arguments(["--listen"], options: ["listen"], environment: [:])
        }
    }

    @Test func integerOutOfRangeNamesTheSource() throws {
        let arguments = try Arguments([], options: ["max-connections"], environment: ["ECP_MAX_CONNECTIONS": "0"])
        #expect(throws: Arguments.UsageError.self) {
            try arguments.integer("max-connections", environment: "ECP_MAX_CONNECTIONS", default: 1, range: 1...10)
        }
    }

    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080), ("[::1]:9", "::1", 9), ("0.0.0.0:0", "0.0.0.0", 0),
    ])
    func listenAddressesParse(text: String, host: String, port: Int) throws {
        let (parsedHost, parsedPort) = try ServeSettings.parseListen(text)
        #expect(parsedHost == host)
        #expect(parsedPort == port)
    }

    @Test(arguments: ["8080", "localhost", ":80", "127.0.0.1:99999", "127.0.0.1:http"])
    func invalidListenAddressesAreRejected(text: String) {
        #expect(throws: Arguments.UsageError.self) { try ServeSettings.parseListen(text) }
    }
}
