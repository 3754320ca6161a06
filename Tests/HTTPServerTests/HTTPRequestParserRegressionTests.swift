import Testing

@testable import HTTPServer

/// Feeds `pieces` to one parser in turn and returns the requests, or the error that stopped it.
private func parse(pieces: [[UInt8]], limits: HTTPParserLimits = HTTPParserLimits()) -> Result<
    [HTTPRequest], HTTPParseError
> {
    var parser = HTTPRequestParser(limits: limits)
    var requests: [HTTPRequest] = []
    do {
        for piece in pieces {
            parser.append(piece)
            while let event = try parser.next() {
                if case .request(let request) = event {
                    requests.append(request)
                }
            }
        }
        return .success(requests)
    } catch {
        return .failure(error)
    }
}

/// Inputs found by the libFuzzer targets under Fuzz/, each kept as the case that failed.
@Suite struct HTTPRequestParserRegressionTests {
    /// A header section that arrives in two reads must not be measured as the request line: the first line
    /// feed of the second read ends a header line.
    @Test func headerLineEndingInLaterReadIsNot414() throws {
        let head = "GET / HTTP/1.1\r\nHost: a\r\nX-Large: " + String(repeating: "a", count: 9_000)
        let result = parse(pieces: [Array(head.utf8), Array("\r\nX-Next: b".utf8), Array("\r\n\r\n".utf8)])
        let requests = try result.get()
        #expect(requests.count == 1)
        #expect(requests.first?.headers["x-large"]?.count == 9_000)
    }

    /// The fuzz input that found the case above, with the small limits of the fuzz target: the whole stream
    /// and the stream split at byte 64 must both wait for more bytes.
    @Test func fuzzInputSplitAgreesWithWhole() throws {
        let limits = HTTPParserLimits(
            maxRequestLineLength: 64,
            maxHeaderBytes: 256,
            maxHeaderCount: 8,
            maxBodyBytes: 128,
            maxChunkLineLength: 32
        )
        let stream: [UInt8] =
            [0x69, 0x01, 0x00] + Array(repeating: 0x69, count: 29) + [0x98] + Array(repeating: 0x69, count: 5)
            + [0xEF, 0x77, 0x20, 0x00, 0x23, 0x65, 0xEF, 0x20, 0xFF, 0x0A] + Array(repeating: 0xFF, count: 7)
            + [0x0F] + Array(repeating: 0x69, count: 9) + [0x3C, 0x0A]
        let whole = parse(pieces: [stream], limits: limits)
        let split = parse(pieces: [Array(stream[..<64]), Array(stream[64...])], limits: limits)
        #expect(try whole.get().isEmpty)
        #expect(try split.get().isEmpty)
    }
}
