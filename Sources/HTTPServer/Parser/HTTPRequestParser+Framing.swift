extension HTTPRequestParser {
    /// Checks `Host`, `Expect`, `Transfer-Encoding` and `Content-Length` and decides how the body is framed.
    ///
    /// RFC 9112, section 6.3: a request is rejected with 400 and the connection closed when it has both
    /// `Transfer-Encoding` and `Content-Length`, a transfer coding list that does not end in chunked, or an
    /// invalid `Content-Length`. A proxy in front may frame such a request differently (request smuggling).
    static func makeHead(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion,
        headers: HTTPHeaders
    ) throws(HTTPParseError) -> RequestHead {
        let hosts = headers.values(of: "Host")
        if version == .http11 && hosts.count != 1 {
            // RFC 9112, section 3.2: exactly one Host field in every HTTP/1.1 request.
            throw HTTPParseError(.badRequest, "An HTTP/1.1 request must have exactly one Host header.")
        }
        let framing = try self.framing(of: headers, version: version)
        let expectsContinue = try self.expectsContinue(headers, version: version)
        return RequestHead(
            method: method,
            target: target,
            version: version,
            headers: headers,
            framing: framing,
            expectsContinue: expectsContinue && framing != .none && framing != .contentLength(0)
        )
    }

    private static func framing(of headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError)
        -> RequestHead.Framing
    {
        let transferEncodings = headers.values(of: "Transfer-Encoding")
        let contentLengths = headers.values(of: "Content-Length")
        if !transferEncodings.isEmpty {
            guard contentLengths.isEmpty else {
                throw HTTPParseError(.badRequest, "A request must not have both Transfer-Encoding and Content-Length.")
            }
            guard version == .http11 else {
                throw HTTPParseError(.badRequest, "Transfer-Encoding is not allowed in an HTTP/1.0 request.")
            }
            return try self.chunkedFraming(transferEncodings)
        }
        guard !contentLengths.isEmpty else {
            return .none
        }
        return .contentLength(try self.contentLength(contentLengths))
    }

    private static func chunkedFraming(_ values: [String]) throws(HTTPParseError) -> RequestHead.Framing {
        let codings = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingOWS().lowercased() }.filter {
            !$0.isEmpty
        }
        guard codings.last == "chunked" else {
            throw HTTPParseError(.badRequest, "The last transfer coding must be chunked.")
        }
        guard codings.count == 1 else {
            if codings.dropLast().contains("chunked") {
                throw HTTPParseError(.badRequest, "The chunked transfer coding must be applied only once.")
            }
            throw HTTPParseError(.notImplemented, "Only the chunked transfer coding is supported.")
        }
        return .chunked
    }

    /// Parses `Content-Length` (RFC 9110, section 8.6): digits only; repeated values must all be equal.
    private static func contentLength(_ values: [String]) throws(HTTPParseError) -> Int {
        var length: Int?
        for element in values.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let digits = element.trimmingOWS()
            guard !digits.isEmpty, digits.utf8.allSatisfy({ HTTPGrammar.digitValue($0) != nil }),
                let value = Int(digits)
            else {
                throw HTTPParseError(.badRequest, "Content-Length must be a non-negative decimal integer.")
            }
            guard length == nil || length == value else {
                throw HTTPParseError(.badRequest, "The request has differing Content-Length values.")
            }
            length = value
        }
        guard let length else {
            throw HTTPParseError(.badRequest, "Content-Length must be a non-negative decimal integer.")
        }
        return length
    }

    private static func expectsContinue(_ headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError) -> Bool {
        let expectations = headers.tokens(of: "Expect")
        guard !expectations.isEmpty else {
            return false
        }
        guard expectations.allSatisfy({ $0 == "100-continue" }) else {
            throw HTTPParseError(.expectationFailed, "The only supported expectation is 100-continue.")
        }
        // RFC 9110, section 10.1.1: never send 100 Continue to an HTTP/1.0 client.
        return version == .http11
    }
}
