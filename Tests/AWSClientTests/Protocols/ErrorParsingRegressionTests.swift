import Testing

@testable import AWSClient

/// Inputs found by the libFuzzer targets under Fuzz/. Each one trapped or crashed inside FoundationXML,
/// which XMLNode used before it got a reader of its own, and took the whole test process down.
@Suite struct ErrorParsingRegressionTests {
    @Test func elementNameWithInvalidUTF8IsNotXML() {
        let body: [UInt8] = Array("<a".utf8) + [0xFF] + Array(">x</a>".utf8)
        #expect(XMLNode.parse(body) == nil)
    }

    @Test func invalidUTF8ErrorBodyKeepsStatus() {
        let body: [UInt8] = [0x3C, 0xFF] + Array(repeating: 0xE3, count: 28)
        let error = AWSErrorParser.parse(
            HTTPResponse(statusCode: 403, headers: ["content-type": "text/xml"], body: body)
        )
        #expect(error.code == "403")
        #expect(error.statusCode == 403)
    }

    @Test func processingInstructionWithoutDataIsSkipped() {
        // A mismatched end tag, then a processing instruction with no data: FoundationXML read a null pointer.
        let body = Array("<ErrorResps.co[m/doc/2tnd</Code><?MeRespons?>".utf8)
        #expect(XMLNode.parse(body) == nil)
        let error = AWSErrorParser.parse(
            HTTPResponse(statusCode: 400, headers: ["content-type": "text/xml"], body: body)
        )
        #expect(error.statusCode == 400)
    }

    @Test func validUTF8ElementNamesStillParse() throws {
        let root = try #require(XMLNode.parse(Array("<ErrorResponse><Code>Größe</Code></ErrorResponse>".utf8)))
        #expect(root.descendant("Code")?.text == "Größe")
    }
}
