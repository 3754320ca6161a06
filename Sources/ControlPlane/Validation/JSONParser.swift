/// A strict RFC 8259 JSON parser over raw bytes that produces `JSONValue`.
///
/// It exists so validators see the document as sent (integer versus fraction, duplicate keys, nulls) while the
/// caller keeps the original bytes untouched for storage.
public struct JSONParser {
    /// Nesting deeper than this is rejected so a hostile document cannot exhaust the stack.
    public static let maximumDepth = 64

    private let bytes: [UInt8]
    private var offset = 0
    private var depth = 0

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses one JSON document that must be valid UTF-8 and contain exactly one value.
    ///
    /// - Throws: `ValidationError` for the whole document (field `""`) naming the byte offset of the problem.
    public static func parse<Bytes: Collection>(_ data: Bytes) throws(ValidationError) -> JSONValue
    where Bytes.Element == UInt8 {
        guard String(validating: data, as: UTF8.self) != nil else {
            throw ValidationError(field: .root, message: "must be valid UTF-8 text")
        }
        var parser = JSONParser(bytes: Array(data))
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.offset == parser.bytes.count else {
            throw parser.failure("unexpected text after the JSON value")
        }
        return value
    }

    private func failure(_ message: String) -> ValidationError {
        ValidationError(field: .root, message: "is not valid JSON: \(message) at byte offset \(self.offset)")
    }

    private var current: UInt8? {
        self.offset < self.bytes.count ? self.bytes[self.offset] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = self.current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            self.offset += 1
        }
    }

    private mutating func parseValue() throws(ValidationError) -> JSONValue {
        guard let byte = self.current else {
            throw self.failure("unexpected end of input")
        }
        switch byte {
        case UInt8(ascii: "{"):
            return try self.parseObject()
        case UInt8(ascii: "["):
            return try self.parseArray()
        case UInt8(ascii: "\""):
            return .string(try self.parseString())
        case UInt8(ascii: "t"):
            try self.expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try self.expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try self.expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try self.parseNumber())
        default:
            throw self.failure("unexpected character '\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(ValidationError) {
        for expected in literal.utf8 {
            guard self.current == expected else {
                throw self.failure("expected '\(literal)'")
            }
            self.offset += 1
        }
    }

    private mutating func enterContainer() throws(ValidationError) {
        self.depth += 1
        if self.depth > Self.maximumDepth {
            throw self.failure("nesting deeper than \(Self.maximumDepth) levels")
        }
        self.offset += 1
        self.skipWhitespace()
    }

    private mutating func parseObject() throws(ValidationError) -> JSONValue {
        try self.enterContainer()
        var members: [JSONMember] = []
        if self.current == UInt8(ascii: "}") {
            self.offset += 1
            self.depth -= 1
            return .object(members)
        }
        while true {
            guard self.current == UInt8(ascii: "\"") else {
                throw self.failure("expected a string key")
            }
            let key = try self.parseString()
            self.skipWhitespace()
            guard self.current == UInt8(ascii: ":") else {
                throw self.failure("expected ':' after an object key")
            }
            self.offset += 1
            self.skipWhitespace()
            members.append(JSONMember(key: key, value: try self.parseValue()))
            self.skipWhitespace()
            if try self.closeOrContinue(closing: "}") {
                return .object(members)
            }
        }
    }

    private mutating func parseArray() throws(ValidationError) -> JSONValue {
        try self.enterContainer()
        var elements: [JSONValue] = []
        if self.current == UInt8(ascii: "]") {
            self.offset += 1
            self.depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try self.parseValue())
            self.skipWhitespace()
            if try self.closeOrContinue(closing: "]") {
                return .array(elements)
            }
        }
    }

    /// Consumes `,` (returns false) or the closing bracket (returns true).
    private mutating func closeOrContinue(closing: Unicode.Scalar) throws(ValidationError) -> Bool {
        switch self.current {
        case UInt8(ascii: ","):
            self.offset += 1
            self.skipWhitespace()
            return false
        case UInt8(ascii: closing):
            self.offset += 1
            self.depth -= 1
            return true
        default:
            throw self.failure("expected ',' or '\(closing)'")
        }
    }

    private mutating func parseNumber() throws(ValidationError) -> String {
        let start = self.offset
        if self.current == UInt8(ascii: "-") {
            self.offset += 1
        }
        // RFC 8259 section 6: int = zero / ( digit1-9 *DIGIT ), then optional frac and exp.
        if self.current == UInt8(ascii: "0") {
            self.offset += 1
        } else if try self.skipDigits() == 0 {
            throw self.failure("expected a digit")
        }
        if self.current == UInt8(ascii: ".") {
            self.offset += 1
            if try self.skipDigits() == 0 {
                throw self.failure("expected a digit after '.'")
            }
        }
        if self.current == UInt8(ascii: "e") || self.current == UInt8(ascii: "E") {
            self.offset += 1
            if self.current == UInt8(ascii: "+") || self.current == UInt8(ascii: "-") {
                self.offset += 1
            }
            if try self.skipDigits() == 0 {
                throw self.failure("expected a digit in the exponent")
            }
        }
        return String(decoding: self.bytes[start..<self.offset], as: UTF8.self)
    }

    private mutating func skipDigits() throws(ValidationError) -> Int {
        var count = 0
        while let byte = self.current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            self.offset += 1
            count += 1
        }
        return count
    }

    private mutating func parseString() throws(ValidationError) -> String {
        self.offset += 1
        var scalars = String.UnicodeScalarView()
        var runStart = self.offset
        while true {
            guard let byte = self.current else {
                throw self.failure("unterminated string")
            }
            if byte == UInt8(ascii: "\"") {
                self.appendRun(from: runStart, to: &scalars)
                self.offset += 1
                return String(scalars)
            }
            if byte < 0x20 {
                throw self.failure("control character in a string; escape it")
            }
            if byte == UInt8(ascii: "\\") {
                self.appendRun(from: runStart, to: &scalars)
                self.offset += 1
                scalars.append(try self.parseEscape())
                runStart = self.offset
                continue
            }
            self.offset += 1
        }
    }

    private func appendRun(from start: Int, to scalars: inout String.UnicodeScalarView) {
        if start < self.offset {
            scalars.append(contentsOf: String(decoding: self.bytes[start..<self.offset], as: UTF8.self).unicodeScalars)
        }
    }

    private mutating func parseEscape() throws(ValidationError) -> Unicode.Scalar {
        guard let byte = self.current else {
            throw self.failure("unterminated escape")
        }
        self.offset += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"): return try self.parseUnicodeEscape()
        default: throw self.failure("invalid escape sequence")
        }
    }

    private mutating func parseUnicodeEscape() throws(ValidationError) -> Unicode.Scalar {
        let high = try self.parseHexQuad()
        if (0xD800...0xDBFF).contains(high) {
            // RFC 8259 section 7: characters outside the BMP are a UTF-16 surrogate pair of two escapes.
            guard self.current == UInt8(ascii: "\\") else {
                throw self.failure("unpaired UTF-16 surrogate")
            }
            self.offset += 1
            guard self.current == UInt8(ascii: "u") else {
                throw self.failure("unpaired UTF-16 surrogate")
            }
            self.offset += 1
            let low = try self.parseHexQuad()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw self.failure("unpaired UTF-16 surrogate")
            }
            let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(value)!
        }
        guard let scalar = Unicode.Scalar(high) else {
            throw self.failure("unpaired UTF-16 surrogate")
        }
        return scalar
    }

    private mutating func parseHexQuad() throws(ValidationError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = self.current, let digit = Self.hexDigitValue(byte) else {
                throw self.failure("expected four hexadecimal digits after \\u")
            }
            value = value << 4 | digit
            self.offset += 1
        }
        return value
    }

    private static func hexDigitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
