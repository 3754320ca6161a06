import Foundation
import Testing

@testable import API

@Suite struct JSONWriterTests {
    @Test func writesNestedDocumentsThatParse() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("name", "quote \" slash \\ newline \n tab \t bell \u{07} é")
        writer.key("count")
        writer.integer(-42)
        writer.key("list")
        writer.beginArray()
        writer.bool(true)
        writer.null()
        writer.embedded(#"{"a":[1,2.5e3,"x"]}"#)
        writer.endArray()
        writer.member("missing", nil)
        writer.endObject()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
        #expect(object["name"] as? String == "quote \" slash \\ newline \n tab \t bell \u{07} é")
        #expect(object["count"] as? Int == -42)
        let list = try #require(object["list"] as? [Any])
        #expect(list.count == 3)
        #expect(list[1] is NSNull)
        #expect((list[2] as? [String: Any])?["a"] is [Any])
        #expect(object["missing"] is NSNull)
    }

    @Test func invalidEmbeddedTextBecomesAString() throws {
        var writer = JSONWriter()
        writer.beginArray()
        writer.embedded("{not json")
        writer.endArray()
        let array = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [Any])
        #expect(array.first as? String == "{not json")
    }

    @Test(arguments: [
        "{}", "[]", "0", "-0.5", "1e10", "1E-2", "true", "false", "null", #""\u00e9\n""#,
        #"{"a": {"b": [1, {"c": null}]}}"#, " [ 1 , 2 ] ",
    ])
    func validSyntaxIsAccepted(_ text: String) {
        #expect(JSONSyntax.isValid(text.utf8))
    }

    @Test(arguments: [
        "", "{", "}", "[1,]", "{\"a\":}", "{\"a\" 1}", "01", "1.", "-", "1e", "tru", "nul", "\"open",
        "\"bad \\x escape\"", "\"\u{01}\"", "[1] [2]", "{'a':1}", "NaN",
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func invalidSyntaxIsRejected(_ text: String) {
        #expect(!JSONSyntax.isValid(text.utf8))
    }
}
