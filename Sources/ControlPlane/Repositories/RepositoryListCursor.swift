import Foundation

/// The opaque paging cursor of the repository and image lists: the sort key of the last item returned,
/// versioned and base64url-encoded.
///
/// The server reads every page of ECR's DescribeRepositories and DescribeImages and pages locally, because
/// the lists are sorted across all of ECR's pages and moto 5.2 ignores `maxResults`. Pages continue
/// after the key, so items added while a client pages never shift or repeat the items on later pages.
enum RepositoryListCursor {
    /// The kind of list a cursor belongs to, so one list's cursor is rejected by the other.
    enum Kind: String {
        case repositories = "r1:"
        case images = "i1:"
    }

    static func encode(_ key: String, kind: Kind) -> String {
        Data((kind.rawValue + key).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Returns the sort key inside `cursor`.
    ///
    /// - Throws: `ValidationError` on field `cursor` for text this encoder did not produce for `kind`.
    static func decode(_ cursor: String, kind: Kind) throws(ValidationError) -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard cursor.count <= 1_024,
            let data = Data(base64Encoded: base64),
            let text = String(data: data, encoding: .utf8),
            text.hasPrefix(kind.rawValue)
        else {
            throw ValidationError(
                field: FieldPath.root.key("cursor"),
                message: "is not a cursor this list returned; start again without it"
            )
        }
        return String(text.dropFirst(kind.rawValue.count))
    }

    /// Returns the page of `limit` items after the cursor's key, and the cursor of the next page.
    ///
    /// - Parameters:
    ///   - items: every item, sorted by `key` ascending.
    ///   - key: the item's sort key; keys must be unique and ordered like `items`.
    static func page<Item>(
        _ items: [Item],
        limit: Int,
        cursor: String?,
        kind: Kind,
        key: (Item) -> String
    ) throws(ValidationError) -> (items: [Item], next: String?) {
        var remaining = items[...]
        if let cursor {
            let last = try self.decode(cursor, kind: kind)
            remaining = remaining.drop { key($0) <= last }
        }
        let page = Array(remaining.prefix(limit))
        guard remaining.count > limit, let lastItem = page.last else {
            return (page, nil)
        }
        return (page, self.encode(key(lastItem), kind: kind))
    }
}
