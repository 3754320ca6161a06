import Testing

@testable import AWSClient

/// Parsing of awsQuery responses and XML error bodies by `XMLNode`.
@Suite struct XMLNodeTests {
    private static func parse(_ text: String) -> XMLNode? {
        XMLNode.parse(Array(text.utf8))
    }

    @Test func queryResponseParses() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment before the root -->
            <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult>
                <MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId>
                <Tags>
                  <member><Key>team</Key><Value>platform</Value></member>
                  <member><Key>env</Key><Value/></member>
                </Tags>
              </PublishResult>
              <ResponseMetadata><RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId></ResponseMetadata>
            </PublishResponse>

            """
        let root = try #require(Self.parse(xml))
        #expect(root.name == "PublishResponse")
        #expect(root.text == "")
        let result = try #require(root.child("PublishResult"))
        #expect(result.string("MessageId") == "567910cd-659e-55d4-8ccb-5aaf14679dc0")
        #expect(result.members("Tags").map { $0.string("Key") } == ["team", "env"])
        #expect(result.members("Tags").map { $0.string("Value") } == ["platform", ""])
        #expect(root.descendant("RequestId")?.text == "d74b8436-ae13-5ab4-a9ff-ce54dfea72a0")
    }

    @Test func textKeepsReferencesCDATAAndSpaces() throws {
        let xml =
            "<a><b>  x &lt;y&gt; &amp; &quot;z&quot; &apos;w&apos; &#65;&#x42; </b><c><![CDATA[<raw> & ]]></c></a>"
        let root = try #require(Self.parse(xml))
        #expect(root.string("b") == "  x <y> & \"z\" 'w' AB ")
        #expect(root.string("c") == "<raw> & ")
    }

    @Test func prefixesAreDroppedFromNames() throws {
        let root = try #require(Self.parse("<s:Envelope xmlns:s='urn:x'><s:Body a=\"1>2\"/></s:Envelope>"))
        #expect(root.name == "Envelope")
        #expect(root.children.map(\.name) == ["Body"])
    }

    @Test func lineEndsBecomeLineFeeds() throws {
        let root = try #require(Self.parse("<a>one\r\ntwo\rthree</a>"))
        #expect(root.text == "one\ntwo\nthree")
    }

    @Test func multibyteNamesAndText() throws {
        let root = try #require(Self.parse("<Größe>Maß</Größe>"))
        #expect(root.name == "Größe")
        #expect(root.text == "Maß")
    }

    @Test(arguments: [
        "",
        "   ",
        "text only",
        "<a>",
        "<a></b>",
        "<a><b></a></b>",
        "<a></a><b></b>",
        "<a></a>trailing",
        "leading<a></a>",
        "<a>&unknown;</a>",
        "<a>&#0;</a>",
        "<a>&#xD800;</a>",
        "<a>& </a>",
        "<a b></a>",
        "<a b=c></a>",
        "<a b=\"<\"></a>",
        "<ab=\"1\"/><x/>",
        "<a><!-- open comment</a>",
        "<a><![CDATA[open</a>",
        "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
        "<1a></1a>",
        "</a>",
        "<ErrorResps.co[m/doc/2tnd</Code><?MeRespons?>",
    ])
    func malformedInputIsRejected(_ text: String) {
        #expect(Self.parse(text) == nil)
    }

    @Test func nestingPastTheLimitIsRejected() throws {
        let depth = XMLNode.maxDepth
        let within = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        let beyond = String(repeating: "<a>", count: depth + 1) + String(repeating: "</a>", count: depth + 1)
        #expect(Self.parse(within) != nil)
        #expect(Self.parse(beyond) == nil)
        // Deep enough to overflow a thread's stack if the reader recursed.
        #expect(Self.parse(String(repeating: "<a>", count: 1_000_000)) == nil)
    }
}
