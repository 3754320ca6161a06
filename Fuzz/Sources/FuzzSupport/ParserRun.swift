import HTTPServer

/// The outcome of feeding a byte stream to one `HTTPRequestParser`: the requests it returned, in order, and
/// the error that stopped it, if any. `100 Continue` events are left out because whether one is due depends
/// on how the bytes were split.
public struct ParserRun: Equatable {
    public var requests: [HTTPRequestParser.Event] = []
    public var error: HTTPParseError?

    /// Feeds `pieces` one after another to one parser, draining its events after each piece.
    public init(pieces: [ArraySlice<UInt8>], limits: HTTPParserLimits) {
        var parser = HTTPRequestParser(limits: limits)
        for piece in pieces {
            parser.append(Array(piece))
            guard self.drain(&parser, limits: limits) else {
                return
            }
        }
    }

    /// Parses `stream` whole and split at `split`, and traps when the two runs differ.
    public static func checkSplitAgreesWithWhole(_ stream: [UInt8], split: Int, limits: HTTPParserLimits) {
        let whole = ParserRun(pieces: [stream[...]], limits: limits)
        let halves = ParserRun(pieces: [stream[..<split], stream[split...]], limits: limits)
        precondition(whole.requests == halves.requests, "Split parse returned different requests.")
        precondition((whole.error == nil) == (halves.error == nil), "Split parse failed differently.")
    }

    /// Returns false once the parser failed; a failed parser must keep throwing the same error.
    private mutating func drain(_ parser: inout HTTPRequestParser, limits: HTTPParserLimits) -> Bool {
        do {
            while let event = try parser.next() {
                if case .request(let request) = event {
                    precondition(request.body.count <= limits.maxBodyBytes, "A body exceeds the body limit.")
                    self.requests.append(event)
                }
            }
            precondition(parser.bufferedByteCount >= 0, "The parser consumed more bytes than it received.")
            return true
        } catch {
            self.error = error
            do {
                _ = try parser.next()
                preconditionFailure("A failed parser returned an event.")
            } catch let repeated {
                precondition(repeated == error, "A failed parser threw a different error.")
            }
            return false
        }
    }
}
