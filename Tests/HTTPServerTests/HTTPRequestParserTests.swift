import Testing

@testable import HTTPServer

/// Feeds `text` to a fresh parser and returns every event, or the error it raised.
private func parse(_ text: String, limits: HTTPParserLimits = HTTPParserLimits()) -> Result<
    [HTTPRequestParser.Event], HTTPParseError
> {
    var parser = HTTPRequestParser(limits: limits)
    parser.append(Array(text.utf8))
    var events: [HTTPRequestParser.Event] = []
    do {
        while let event = try parser.next() {
            events.append(event)
        }
        return .success(events)
    } catch {
        return .failure(error)
    }
}

private func requests(_ text: String) throws -> [HTTPRequest] {
    try parse(text).get().compactMap { event in
        if case .request(let request) = event { request } else { nil }
    }
}

private func status(_ text: String, limits: HTTPParserLimits = HTTPParserLimits()) -> Int? {
    if case .failure(let error) = parse(text, limits: limits) {
        return error.status.code
    }
    return nil
}

@Suite struct HTTPRequestParserTests {
    @Test func simpleGet() throws {
        let parsed = try requests("GET /healthz HTTP/1.1\r\nHost: a\r\nX-Test:  padded value \t\r\n\r\n")
        let request = try #require(parsed.first)
        #expect(parsed.count == 1)
        #expect(request.method == .get)
        #expect(request.target == "/healthz")
        #expect(request.version == .http11)
        #expect(request.headers["x-test"] == "padded value")
        #expect(request.body.isEmpty)
    }

    @Test func contentLengthBody() throws {
        let request = try #require(try requests("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello").first)
        #expect(request.body == Array("hello".utf8))
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let text =
            "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nTrailer-Field: x\r\n\r\n"
        let request = try #require(try requests(text).first)
        #expect(String(decoding: request.body, as: UTF8.self) == "hello world")
    }

    @Test func pipelinedRequestsInOneBuffer() throws {
        let text = "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n"
        let parsed = try requests(text)
        #expect(parsed.map(\.target) == ["/a", "/b"])
    }

    @Test func byteByByteDeliveryMatchesOneShot() throws {
        let text = "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        var parser = HTTPRequestParser()
        var bodies: [[UInt8]] = []
        for byte in Array(text.utf8) {
            parser.append([byte])
            while let event = try parser.next() {
                if case .request(let request) = event {
                    bodies.append(request.body)
                }
            }
        }
        #expect(bodies == [Array("abc".utf8)])
    }

    @Test func leadingEmptyLinesAreIgnored() throws {
        #expect(try requests("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").count == 1)
    }

    @Test func manyLeadingEmptyLinesAre400() {
        #expect(status(String(repeating: "\r\n", count: 9) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n") == 400)
        #expect(status(String(repeating: "\r\n", count: 8) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n") == nil)
    }

    @Test func fragmentInTargetIs400() {
        #expect(status("GET /v1/x#frag HTTP/1.1\r\nHost: a\r\n\r\n") == 400)
    }

    @Test func overlongMethodIs501() {
        #expect(status(String(repeating: "M", count: 33) + " / HTTP/1.1\r\nHost: a\r\n\r\n") == 501)
        #expect(status(String(repeating: "M", count: 32) + " / HTTP/1.1\r\nHost: a\r\n\r\n") == nil)
    }

    @Test func lineBreaksAloneAreNoPartialRequest() {
        var parser = HTTPRequestParser()
        parser.append(Array("\r\n\r\n".utf8))
        #expect(!parser.hasPartialRequest)
        parser.append(Array("G".utf8))
        #expect(parser.hasPartialRequest)
    }

    @Test func bareLineFeedsAreAccepted() throws {
        #expect(try requests("GET / HTTP/1.1\nHost: a\n\n").count == 1)
    }

    @Test func expectContinueIsSignalledBeforeBody() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(try parser.next() == .continueRequired)
        #expect(try parser.next() == nil)
        parser.append(Array("ok".utf8))
        let event = try parser.next()
        guard case .request(let request) = event else {
            Issue.record("expected a request, got \(String(describing: event))")
            return
        }
        #expect(request.body == Array("ok".utf8))
    }

    @Test func expectContinueIsNeverSignalledToHTTP10() throws {
        let events = try parse("POST /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n").get()
        #expect(events.isEmpty)
    }

    @Test func unknownExpectationIs417() {
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\n\r\n") == 417)
    }

    @Test(arguments: [
        // Both Content-Length and Transfer-Encoding.
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        // Differing duplicate Content-Length, in two fields and in one list.
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\nabcd",
        // Whitespace between the field name and the colon.
        "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
        // obs-fold.
        "GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n two\r\n\r\n",
        // Transfer-Encoding whose last coding is not chunked.
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
        // Bad chunk sizes.
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n",
        // Non-digit lengths.
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3a\r\n\r\nabc",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        // Transfer-Encoding in HTTP/1.0.
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        // Missing and duplicate Host.
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        // Broken request lines and fields.
        "GET  / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET noslash HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTX/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\u{01}b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n",
    ])
    func ambiguousOrMalformedFramingIs400(_ text: String) {
        #expect(status(text) == 400)
    }

    @Test func unsupportedTransferCodingIs501() {
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == 501)
    }

    @Test func http2VersionIs505() {
        #expect(status("GET / HTTP/2.0\r\nHost: a\r\n\r\n") == 505)
    }

    @Test func identicalDuplicateContentLengthIsAccepted() throws {
        let request = try #require(
            try requests("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc").first
        )
        #expect(request.body == Array("abc".utf8))
    }

    @Test func requestLineLimitIs414BeforeTheLineEnds() {
        let limits = HTTPParserLimits(maxRequestLineLength: 64)
        #expect(status("GET /" + String(repeating: "a", count: 100), limits: limits) == 414)
        #expect(
            status("GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: a\r\n\r\n", limits: limits) == 414
        )
    }

    @Test func headerBytesLimitIs431() {
        let limits = HTTPParserLimits(maxHeaderBytes: 100)
        let text = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "b", count: 200)
        #expect(status(text, limits: limits) == 431)
    }

    @Test func headerCountLimitIs431() {
        let limits = HTTPParserLimits(maxHeaderCount: 3)
        let text = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(status(text, limits: limits) == 431)
    }

    @Test func bodyLimitIs413ForBothFramings() {
        let limits = HTTPParserLimits(maxBodyBytes: 4)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", limits: limits) == 413)
        let chunked = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\n"
        #expect(status(chunked, limits: limits) == 413)
    }

    @Test func parserStaysFailedAfterAnError() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost : a\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.self) { try parser.next() }
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.self) { try parser.next() }
    }

    @Test func absoluteFormTargetIsReducedToItsPath() throws {
        let request = try #require(try requests("GET http://example.test/v1/x?y=1 HTTP/1.1\r\nHost: a\r\n\r\n").first)
        #expect(request.target == "/v1/x?y=1")
    }

    @Test func queryItemsAreDecoded() throws {
        let request = try #require(try requests("GET /a?name=team%2Fapp&q=a+b&flag HTTP/1.1\r\nHost: a\r\n\r\n").first)
        #expect(request.query("name") == "team/app")
        #expect(request.query("q") == "a b")
        #expect(request.query("flag") == "")
        #expect(request.path == "/a")
    }

    @Test func keepAliveFollowsVersionAndConnectionHeader() throws {
        let requests11 = try requests("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        #expect(requests11.first?.keepAlive == false)
        let requests10 = try requests("GET / HTTP/1.0\r\n\r\n")
        #expect(requests10.first?.keepAlive == false)
        let requests10KeepAlive = try requests("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        #expect(requests10KeepAlive.first?.keepAlive == true)
    }
}
