import ControlPlane
import HTTPServer

/// Request and response helpers shared by the routes whose body is one of ECR's own JSON documents
/// (replication configuration, lifecycle policy, repository and registry policy).
enum DocumentRequest {
    /// Returns the raw body after checking its media type; an empty body is a 400.
    static func body(of request: HTTPRequest) throws -> [UInt8] {
        try JSONCoding.requireJSONContentType(request)
        guard !request.body.isEmpty else {
            throw APIError.badRequest("The request body is empty; send the JSON document, e.g. with curl -d @file.")
        }
        return request.body
    }

    /// Reads a boolean query parameter that defaults to false.
    static func flag(_ name: String, in request: HTTPRequest) throws -> Bool {
        switch request.query(name) {
        case nil, "false":
            return false
        case "true":
            return true
        case let value?:
            throw APIError.invalidField(name, "must be true or false; got '\(value)'")
        }
    }

    /// Runs `body`, turning a failed `If-Match` precondition into 412.
    static func checkingPrecondition<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as PreconditionFailedError {
            var headers: HTTPHeaders = [:]
            if let current = error.current {
                headers.add(name: "ETag", value: current.value)
            }
            throw APIError(.preconditionFailed, detail: error.description, headers: headers)
        }
    }
}

extension HTTPResponse {
    /// Returns a 200 JSON response whose body is `text` byte for byte, with its entity tag.
    static func document(_ text: String, entityTag: EntityTag) -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            headers: ["Content-Type": "application/json", "ETag": entityTag.value],
            body: Array(text.utf8)
        )
    }
}
