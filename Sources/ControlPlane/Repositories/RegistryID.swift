/// An ECR registry id, which is the 12-digit AWS account id that owns the registry.
public struct RegistryID: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let rawValue: String

    /// Validates `text` as a registry id.
    ///
    /// - Throws: `ValidationError` naming `field` unless `text` is exactly 12 ASCII digits.
    public init(validating text: String, field: FieldPath) throws(ValidationError) {
        if let problem = Self.problem(in: text) {
            throw ValidationError(field: field, message: problem)
        }
        self.rawValue = text
    }

    /// Describes why `text` is not a registry id, or returns nil when it is one.
    public static func problem(in text: String) -> String? {
        let isTwelveDigits = text.utf8.count == 12 && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
        return isTwelveDigits ? nil : "must be a 12-digit AWS account id; got '\(text)'"
    }

    public var description: String {
        self.rawValue
    }

    public static func < (lhs: RegistryID, rhs: RegistryID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard Self.problem(in: text) == nil else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "invalid registry id")
            )
        }
        self.rawValue = text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }
}
