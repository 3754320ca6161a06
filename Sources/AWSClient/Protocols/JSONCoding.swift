import Foundation

/// The JSON encoder and decoder of the awsJson protocols: timestamps as epoch seconds (fractions allowed).
enum JSONCoding {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }

    /// Encodes `value` as an awsJson request body.
    static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        do {
            return Array(try encoder().encode(value))
        } catch {
            throw AWSError(
                kind: .configuration,
                code: "SerializationError",
                message: "The request could not be encoded as JSON: \(error)"
            )
        }
    }

    /// Decodes an awsJson response body; an empty body decodes as `{}`, which operations without output return.
    static func decode<Value: Decodable>(_ type: Value.Type, from body: [UInt8]) throws -> Value {
        let data = body.isEmpty ? Data("{}".utf8) : Data(body)
        return try decoder().decode(type, from: data)
    }
}

/// The output of an operation that returns no fields.
public struct EmptyResponse: Codable, Sendable, Equatable {
    public init() {}
}
