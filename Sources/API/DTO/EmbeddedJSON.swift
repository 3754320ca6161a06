import Foundation

/// Stored JSON text written into a response as JSON, not as a string; text that does not parse is
/// written as a string so nothing stored is hidden.
struct EmbeddedJSON: Encodable {
    private indirect enum Value {
        case null
        case bool(Bool)
        case integer(Int64)
        case double(Double)
        case string(String)
        case array([Value])
        case object([(String, Value)])
    }

    private let value: Value

    init(text: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            self.value = .string(text)
            return
        }
        self.value = Self.convert(object)
    }

    private static func convert(_ object: Any) -> Value {
        switch object {
        case is NSNull:
            return .null
        case let number as NSNumber:
            if CFGetTypeID(number) == CFBooleanGetTypeID() {
                return .bool(number.boolValue)
            }
            if let integer = Int64(exactly: number.doubleValue), !String(describing: number).contains(".") {
                return .integer(integer)
            }
            return .double(number.doubleValue)
        case let string as String:
            return .string(string)
        case let array as [Any]:
            return .array(array.map(convert))
        case let dictionary as [String: Any]:
            return .object(dictionary.keys.sorted().map { ($0, convert(dictionary[$0]!)) })
        default:
            return .string(String(describing: object))
        }
    }

    func encode(to encoder: any Encoder) throws {
        try Self.encode(self.value, to: encoder)
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static func encode(_ value: Value, to encoder: any Encoder) throws {
        switch value {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let bool):
            var container = encoder.singleValueContainer()
            try container.encode(bool)
        case .integer(let integer):
            var container = encoder.singleValueContainer()
            try container.encode(integer)
        case .double(let double):
            var container = encoder.singleValueContainer()
            try container.encode(double)
        case .string(let string):
            var container = encoder.singleValueContainer()
            try container.encode(string)
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for element in values {
                try container.encode(Wrapper(value: element))
            }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, element) in members {
                try container.encode(Wrapper(value: element), forKey: Key(stringValue: key))
            }
        }
    }

    private struct Wrapper: Encodable {
        let value: Value
        func encode(to encoder: any Encoder) throws {
            try EmbeddedJSON.encode(self.value, to: encoder)
        }
    }
}
