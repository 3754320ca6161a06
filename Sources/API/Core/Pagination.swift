import HTTPServer

/// The `limit` and `cursor` query parameters of list routes, and the `Link` header of the next page.
struct Pagination {
    static let defaultLimit = 50
    static let maxLimit = 500

    let limit: Int
    let cursor: String?

    /// Reads `limit` (1–500, default 50) and `cursor` from the request.
    init(_ request: HTTPRequest) throws {
        if let text = request.query("limit") {
            guard let value = Int(text), (1...Self.maxLimit).contains(value) else {
                throw APIError.invalidField("limit", "must be an integer from 1 to \(Self.maxLimit); got '\(text)'")
            }
            self.limit = value
        } else {
            self.limit = Self.defaultLimit
        }
        let cursor = request.query("cursor")
        self.cursor = cursor?.isEmpty == true ? nil : cursor
    }

    /// Returns `{"items": [...], "next": cursor|null}` with a `Link: <…>; rel="next"` header when there is
    /// a next page.
    static func response<Item: Encodable>(items: [Item], next: String?, request: HTTPRequest) throws -> HTTPResponse {
        try .json(ListPage(items: items, next: next), headers: self.linkHeader(request, next: next))
    }

    /// Returns a list response written with `JSONWriter`, for rows whose DTOs write themselves.
    static func response<Item: JSONWritable>(items: [Item], next: String?, request: HTTPRequest) -> HTTPResponse {
        var writer = JSONWriter(capacity: 512 * max(items.count, 1))
        writer.beginObject()
        writer.key("items")
        writer.beginArray()
        for item in items {
            item.write(to: &writer)
        }
        writer.endArray()
        writer.member("next", next)
        writer.endObject()
        return HTTPResponse.json(writtenBy: writer, headers: self.linkHeader(request, next: next))
    }

    private static func linkHeader(_ request: HTTPRequest, next: String?) -> HTTPHeaders {
        var headers: HTTPHeaders = [:]
        if let next {
            headers.add(name: "Link", value: "<\(self.nextPageTarget(request, cursor: next))>; rel=\"next\"")
        }
        return headers
    }

    /// Returns the request's target with its `cursor` parameter replaced by `cursor`.
    private static func nextPageTarget(_ request: HTTPRequest, cursor: String) -> String {
        var parts = request.rawQuery.split(separator: "&").filter { !$0.hasPrefix("cursor=") && $0 != "cursor" }
        parts.append(Substring("cursor=\(cursor)"))
        // The target sits between < and > in the Link header, so characters that could end it or start
        // another link are percent-encoded (the parser already rejects spaces and control bytes).
        var target = ""
        for character in "\(request.path)?\(parts.joined(separator: "&"))" {
            switch character {
            case "<": target += "%3C"
            case ">": target += "%3E"
            case "\"": target += "%22"
            case ",": target += "%2C"
            default: target.append(character)
            }
        }
        return target
    }
}

/// The body of every list response.
struct ListPage<Item: Encodable>: Encodable {
    let items: [Item]
    let next: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.items, forKey: .items)
        // `next` is always present, null on the last page.
        try container.encode(self.next, forKey: .next)
    }

    private enum CodingKeys: String, CodingKey {
        case items
        case next
    }
}
