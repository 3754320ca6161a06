import Foundation
import HTTPServer
import Testing

@Suite struct HTTPServerSocketTests {
    @Test func keepAliveReusesTheConnection() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.localPort)
            for index in 0..<3 {
                await client.send("GET /n/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try await client.readResponse()
                #expect(response.status == 200)
                #expect(response.body == "GET /n/\(index) ")
            }
            #expect(server.connectionCount == 1)
        }
    }

    @Test func pipelinedRequestsInOneWriteAreAnsweredInOrder() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.localPort)
            await client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n")
            let first = try await client.readResponse()
            let second = try await client.readResponse()
            #expect(first.body == "GET /slow ")
            #expect(second.body == "GET /fast ")
        }
    }

    @Test func expectContinueIsAnsweredAtOnce() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.localPort)
            await client.send("POST /up HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try await client.readResponse()
            #expect(interim.status == 100)
            await client.send("data")
            let final = try await client.readResponse()
            #expect(final.status == 200)
            #expect(final.body == "POST /up data")
        }
    }

    @Test func chunkedBodyOverTheSocket() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.localPort)
            await client.send(
                "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n5\r\npedia\r\n0\r\n\r\n"
            )
            let response = try await client.readResponse()
            #expect(response.body == "POST /c wikipedia")
        }
    }

    @Test(arguments: [
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9999999\r\n\r\n", 413),
        ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 40_000))\r\n\r\n", 431),
        ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
    ])
    func errorsAreProblemJSONThenClose(request: String, status: Int) async throws {
        try await withServer { server in
            let client = try RawClient(port: server.localPort)
            await client.send(request)
            let response = try await client.readResponse()
            #expect(response.status == status)
            #expect(response.headers["content-type"] == "application/problem+json")
            #expect(response.headers["connection"] == "close")
            let problem = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
            #expect(problem?["status"] as? Int == status)
            #expect(await client.isClosedByServer())
        }
    }

    @Test func tooManyHeaderFieldsIs431() async throws {
        let fields = (0..<150).map { "X-F\($0): v\r\n" }.joined()
        try await withServer { server in
            let client = try RawClient(port: server.localPort)
            await client.send("GET / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 431)
        }
    }

    @Test func configuredBodyLimitApplies() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.limits.maxBodyBytes = 10
        try await withServer(configuration) { server in
            let client = try RawClient(port: server.localPort)
            await client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n01234567890")
            #expect(try await client.readResponse().status == 413)
        }
    }

    @Test func slowHeadGets408ThenClose() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.headerReadTimeout = .milliseconds(200)
        try await withServer(configuration) { server in
            let client = try RawClient(port: server.localPort)
            await client.send("GET / HTTP/1.1\r\nHo")
            let started = Date()
            let response = try await client.readResponse()
            #expect(response.status == 408)
            #expect(Date().timeIntervalSince(started) < 3)
            #expect(await client.isClosedByServer())
        }
    }

    @Test func slowBodyGets408() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.bodyReadTimeout = .milliseconds(200)
        try await withServer(configuration) { server in
            let client = try RawClient(port: server.localPort)
            await client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            #expect(try await client.readResponse().status == 408)
        }
    }

    @Test func idleConnectionIsClosedSilently() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.idleTimeout = .milliseconds(200)
        try await withServer(configuration) { server in
            let client = try RawClient(port: server.localPort)
            await client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.readResponse().status == 200)
            #expect(await client.readUntilClose() == "")
        }
    }

    @Test func headAnswersWithoutBody() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.localPort)
            await client.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /g HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try await client.readResponse(toHead: true)
            #expect(head.headers["content-length"] == "8")
            #expect(head.body == "")
            // The next response starts right after the head, proving no body bytes were sent.
            let get = try await client.readResponse()
            #expect(get.body == "GET /g ")
        }
    }

    @Test func http10ClosesAfterTheResponse() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.localPort)
            await client.send("GET /old HTTP/1.0\r\n\r\n")
            let response = try await client.readResponse()
            #expect(response.status == 200)
            #expect(await client.isClosedByServer())
        }
    }

    @Test func requestIdIsEchoedOrGenerated() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.localPort)
            await client.send(
                "GET / HTTP/1.1\r\nHost: x\r\nX-Request-Id: runbook-7\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"
            )
            #expect(try await client.readResponse().headers["x-request-id"] == "runbook-7")
            let generated = try await client.readResponse().headers["x-request-id"] ?? ""
            #expect(generated.count == 16)
        }
    }

    @Test func halfClosedClientStillGetsItsResponse() async throws {
        try await withServer { server in
            let client = try RawClient(port: server.localPort)
            await client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            client.shutdownWriting()
            let response = try await client.readResponse()
            #expect(response.status == 200)
        }
    }

    @Test func twoHundredConcurrentConnections() async throws {
        try await withServer { server in
            let port = server.localPort
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let client = try RawClient(port: port)
                        await client.send("GET /c/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
                        let response = try await client.readResponse()
                        return response.body == "GET /c/\(index) " ? response.status : -1
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == 200 })
        }
    }

    @Test func connectionsPastTheLimitGet503() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.maxConnections = 2
        try await withServer(configuration) { server in
            let first = try RawClient(port: server.localPort)
            let second = try RawClient(port: server.localPort)
            await first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            await second.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await first.readResponse().status == 200)
            #expect(try await second.readResponse().status == 200)
            let third = try RawClient(port: server.localPort)
            let rejected = try await third.readResponse()
            #expect(rejected.status == 503)
            #expect(rejected.headers["retry-after"] == "1")
        }
    }

    @Test func gracefulShutdownFinishesTheRequestInFlight() async throws {
        let responder = EchoResponder()
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0),
            responder: responder,
            logger: .disabled
        )
        try server.start()
        let client = try RawClient(port: server.localPort)
        await client.send("GET /gate HTTP/1.1\r\nHost: x\r\n\r\n")
        try await responder.gate.waitForEntries(1)
        #expect(responder.gate.enteredCount == 1)
        async let stopped: Void = server.shutdown(gracePeriod: .seconds(10))
        // The shutdown notice reaches the connection's loop at once; the gate opens well after it.
        try await Task.sleep(for: .milliseconds(200))
        responder.gate.open()
        let response = try await client.readResponse()
        await stopped
        #expect(response.status == 200)
        #expect(response.headers["connection"] == "close")
        #expect(server.connectionCount == 0)
        #expect(throws: RawClient.ClientError.self) { try RawClient(port: server.localPort) }
    }

    @Test func shutdownClosesIdleConnectionsAtOnce() async throws {
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0),
            responder: EchoResponder(),
            logger: .disabled
        )
        try server.start()
        let client = try RawClient(port: server.localPort)
        await client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try await client.readResponse()
        let started = ContinuousClock.now
        await server.shutdown(gracePeriod: .seconds(5))
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(await client.isClosedByServer())
    }
}
