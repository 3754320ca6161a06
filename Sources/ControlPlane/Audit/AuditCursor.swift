import Foundation

/// The opaque paging cursor of audit lists: the id of the last row returned, versioned and base64url-encoded.
///
/// Pages continue below that id, so rows inserted while a client pages (which get higher ids) never shift
/// or repeat the rows on later pages.
enum AuditCursor {
    private static let prefix = "a1:"

    static func encode(lastId: Int64) -> String {
        Data((self.prefix + String(lastId)).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Returns the id inside `cursor`.
    ///
    /// - Throws: `AuditLogError` of kind `.invalidCursor` for text this encoder did not produce.
    static func decode(_ cursor: String) throws -> Int64 {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard cursor.count <= 64,
            let data = Data(base64Encoded: base64),
            let text = String(data: data, encoding: .utf8),
            text.hasPrefix(self.prefix),
            let id = Int64(text.dropFirst(self.prefix.count)),
            id > 0
        else {
            throw AuditLogError(
                .invalidCursor,
                "cursor \"\(cursor)\" is invalid; pass the next value of a previous page"
            )
        }
        return id
    }
}
