import ControlPlane

/// Stored JSON text written into a response as JSON, not as a string, keeping its member order and
/// number literals. Text that does not parse is written as a string, so nothing stored is hidden.
struct EmbeddedJSON: Encodable {
    private let value: JSONValue?
    private let text: String

    init(text: String) {
        self.text = text
        self.value = try? JSONParser.parse(Array(text.utf8))
    }

    func encode(to encoder: any Encoder) throws {
        guard let value else {
            var container = encoder.singleValueContainer()
            try container.encode(self.text)
            return
        }
        try Self.encode(value, to: encoder)
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Wraps a nested value so containers can encode it with this type's rules.
    private struct Nested: Encodable {
        let value: JSONValue
        func encode(to encoder: any Encoder) throws {
            try EmbeddedJSON.encode(self.value, to: encoder)
        }
    }

    private static func encode(_ value: JSONValue, to encoder: any Encoder) throws {
        switch value {
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for member in members {
                try container.encode(Nested(value: member.value), forKey: Key(stringValue: member.key))
            }
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements {
                try container.encode(Nested(value: element))
            }
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .string(let string):
            var container = encoder.singleValueContainer()
            try container.encode(string)
        case .number(let literal):
            var container = encoder.singleValueContainer()
            if let integer = value.integerValue {
                try container.encode(integer)
            } else {
                try container.encode(Double(literal) ?? 0)
            }
        }
    }
}
