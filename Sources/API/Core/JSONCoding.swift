import ControlPlane
import Foundation
import HTTPServer

/// The JSON encoder and decoder of the API, and the helpers that turn bodies into values and back.
enum JSONCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    static let decoder = JSONDecoder()

    /// Decodes a request body, throwing 415 for a non-JSON content type and 400 naming the field that
    /// failed to decode.
    static func decode<T: Decodable>(_ type: T.Type, from request: HTTPRequest) throws -> T {
        try self.requireJSONContentType(request)
        guard !request.body.isEmpty else {
            throw APIError.badRequest("The request body is empty; send a JSON object.")
        }
        try self.requireStrictJSON(request.body)
        do {
            return try self.decoder.decode(T.self, from: Data(request.body))
        } catch let error as DecodingError {
            throw self.apiError(for: error)
        }
    }

    /// Checks the body with the strict RFC 8259 parser before JSONDecoder decodes it, because JSONDecoder accepts
    /// trailing commas and UTF-16, and lets the first of two equal keys win, so `{"role":"admin",
    /// "role":"viewer"}` would silently mean admin.
    static func requireStrictJSON(_ body: [UInt8]) throws {
        let document: JSONValue
        do {
            document = try JSONParser.parse(body)
        } catch {
            let reason = error.errors.first?.message ?? "is not valid JSON"
            throw APIError.badRequest("The request body \(reason); send one UTF-8 JSON document.")
        }
        if let path = self.duplicateKeyPath(in: document, at: "") {
            throw APIError.invalidField(path, "appears more than once in its object; send each member once")
        }
    }

    /// Returns the path of the first member whose key repeats within its object, or nil.
    private static func duplicateKeyPath(in value: JSONValue, at path: String) -> String? {
        switch value {
        case .object(let members):
            var seen: Set<String> = []
            for member in members {
                let memberPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                if !seen.insert(member.key).inserted {
                    return memberPath
                }
                if let nested = self.duplicateKeyPath(in: member.value, at: memberPath) {
                    return nested
                }
            }
            return nil
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let nested = self.duplicateKeyPath(in: element, at: "\(path)[\(index)]") {
                    return nested
                }
            }
            return nil
        default:
            return nil
        }
    }

    /// Rejects bodies sent with a media type other than JSON. A missing type and curl's default for `-d`
    /// (`application/x-www-form-urlencoded`) are accepted, so `curl -d @policy.json` works.
    static func requireJSONContentType(_ request: HTTPRequest) throws {
        guard let contentType = request.headers["Content-Type"]?.lowercased() else {
            return
        }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let accepted = ["application/json", "application/x-www-form-urlencoded", "text/plain"]
        guard accepted.contains(mediaType) || mediaType.hasSuffix("+json") else {
            throw APIError(
                .unsupportedMediaType,
                detail: "Send the body as application/json; got \(mediaType)."
            )
        }
    }

    static func apiError(for error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalidField(self.path(context.codingPath + [key]), "is required")
        case .typeMismatch(let type, let context):
            return .invalidField(self.path(context.codingPath), "must be \(self.describe(type))")
        case .valueNotFound(let type, let context):
            return .invalidField(self.path(context.codingPath), "must be \(self.describe(type)), not null")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .badRequest("The request body is not valid JSON.")
            }
            return .invalidField(self.path(context.codingPath), context.debugDescription)
        @unknown default:
            return .badRequest("The request body could not be decoded.")
        }
    }

    /// Renders a coding path as `rules[2].destinations[0].region`.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "(body)" : text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is [String: Any].Type: "an object"
        case is [Any].Type: "an array"
        default: "a value of another type"
        }
    }
}

extension HTTPResponse {
    /// Returns a JSON response encoded with the API's encoder.
    static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok, headers: HTTPHeaders = [:]) throws
        -> HTTPResponse
    {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        return HTTPResponse(status: status, headers: headers, body: Array(try JSONCoding.encoder.encode(value)))
    }
}

extension HTTPResponse {
    /// Returns a JSON response whose body a `JSONWriter` built.
    static func json(writtenBy writer: JSONWriter, status: HTTPStatus = .ok, headers: HTTPHeaders = [:]) -> HTTPResponse
    {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        return HTTPResponse(status: status, headers: headers, body: writer.bytes)
    }

    /// Returns a JSON response for one value that writes itself.
    static func json(_ value: some JSONWritable, status: HTTPStatus = .ok) -> HTTPResponse {
        var writer = JSONWriter()
        value.write(to: &writer)
        return .json(writtenBy: writer, status: status)
    }
}
