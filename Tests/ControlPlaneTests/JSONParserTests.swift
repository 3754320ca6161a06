import Testing

@testable import ControlPlane

@Suite("Strict JSON parser")
struct JSONParserTests {
    private func parse(_ text: String) throws(ValidationError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func parsesEveryValueKind() throws {
        let value = try self.parse(#" {"a": [1, -2.5e3, true, false, null, "x\n\u00e9\ud83d\ude00"], "b": {}} "#)
        let expected = JSONValue.object([
            JSONMember(
                key: "a",
                value: .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null, .string("x\né😀")])
            ),
            JSONMember(key: "b", value: .object([])),
        ])
        #expect(value == expected)
    }

    @Test func keepsDuplicateKeysInOrder() throws {
        let value = try self.parse(#"{"k": 1, "k": 2}"#)
        #expect(
            value == .object([JSONMember(key: "k", value: .number("1")), JSONMember(key: "k", value: .number("2"))])
        )
    }

    @Test func integerValueOnlyForPlainIntegers() throws {
        #expect(try self.parse("42").integerValue == 42)
        #expect(try self.parse("-7").integerValue == -7)
        #expect(try self.parse("1.0").integerValue == nil)
        #expect(try self.parse("1e2").integerValue == nil)
        #expect(try self.parse("99999999999999999999").integerValue == nil)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", "-", "tru", "\"unterminated", "\"\t\"", "\"\\x\"",
        "\"\\ud800\"", "{} {}", "[1] 2", "{'a': 1}", "NaN",
    ])
    func rejectsMalformedJSON(_ text: String) {
        #expect(throws: ValidationError.self) {
            try self.parse(text)
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: ValidationError(field: .root, message: "must be valid UTF-8 text")) {
            try JSONParser.parse([0x22, 0xFF, 0x22])
        }
    }

    @Test func rejectsDeepNesting() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: ValidationError.self) {
            try self.parse(deep)
        }
        let allowed = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect((try? self.parse(allowed)) != nil)
    }

    @Test func errorNamesByteOffset() {
        do {
            _ = try self.parse("[1, x]")
            Issue.record("expected a parse error")
        } catch {
            #expect(error.errors.first?.message.contains("byte offset 4") == true)
        }
    }

    @Test func fieldPathRendering() {
        let path = FieldPath.root.key("rules").index(2).key("destinations").index(0).key("region")
        #expect(path.description == "rules[2].destinations[0].region")
        #expect(FieldPath.root.key("tags").key("cost center").description == #"tags["cost center"]"#)
        #expect(FieldPath.root.key("a").key(#"q"x"#).description == #"a["q\"x"]"#)
        #expect(FieldPath.root.description == "")
        #expect(FieldPath.root.index(1).description == "[1]")
    }
}
