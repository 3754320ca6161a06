import ControlPlane
import HTTPServer

/// Checks of a JSON request body that JSONDecoder does not make: members the schema does not define and
/// explicit nulls, which JSONDecoder would ignore or read as absent.
enum BodyMembers {
    /// Decodes the body as `T`, or returns `empty` when the body is empty, after rejecting unknown members and
    /// nulls. `nested` lists the allowed members of objects inside arrays, by the array's member name.
    static func decode<T: Decodable>(
        _ type: T.Type,
        from request: HTTPRequest,
        allowed: Set<String>,
        nested: [String: Set<String>] = [:],
        empty: T
    ) throws -> T {
        if request.body.isEmpty {
            return empty
        }
        try JSONCoding.requireJSONContentType(request)
        try JSONCoding.requireStrictJSON(request.body)
        guard case .object(let members) = try JSONParser.parse(request.body) else {
            throw APIError.badRequest("The request body must be a JSON object.")
        }
        try self.check(members, allowed: allowed, path: "")
        for member in members {
            guard let allowedNested = nested[member.key], case .array(let elements) = member.value else {
                continue
            }
            for (index, element) in elements.enumerated() {
                if case .object(let inner) = element {
                    try self.check(inner, allowed: allowedNested, path: "\(member.key)[\(index)].")
                }
            }
        }
        return try JSONCoding.decode(T.self, from: request)
    }

    private static func check(_ members: [JSONMember], allowed: Set<String>, path: String) throws {
        for member in members {
            guard allowed.contains(member.key) else {
                let names = allowed.sorted().joined(separator: ", ")
                throw APIError.invalidField("\(path)\(member.key)", "is not a known member; use \(names)")
            }
            if member.value == .null {
                throw APIError.invalidField("\(path)\(member.key)", "must not be null; leave it out for the default")
            }
        }
    }

    /// Reads the `cursor` of a list whose cursor is the last id of the previous page.
    static func idCursor(_ pagination: Pagination) throws -> Int64? {
        guard let text = pagination.cursor else {
            return nil
        }
        guard let id = Int64(text), id > 0 else {
            throw APIError.invalidField("cursor", "is not a cursor this list returned; start again without it")
        }
        return id
    }

    /// Reads the positive integer path parameter `id`.
    static func id(_ context: RequestContext) throws -> Int64 {
        let text = context.parameter("id")
        guard let id = Int64(text), id > 0 else {
            throw APIError.invalidField("id", "must be a positive integer; got '\(text)'")
        }
        return id
    }
}
