/// A parsed JSON value that keeps what `JSONSerialization` loses: member order, duplicate keys, and whether a
/// number was written as an integer.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number exactly as written in the document, e.g. `14`, `1.0` or `2e3`.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order; a key may appear more than once, so validators can reject duplicates.
    case object([JSONMember])

    /// The value as an `Int` when it is a number written without fraction or exponent and fits in 64 bits.
    public var integerValue: Int? {
        guard case .number(let literal) = self, !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else {
            return nil
        }
        return Int(literal)
    }

    /// The JSON type name used in error messages: "null", "a boolean", "a number", "a string", "an array" or
    /// "an object".
    public var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One `"key": value` pair of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public let key: String
    public let value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
