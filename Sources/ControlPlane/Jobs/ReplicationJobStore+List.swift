import Foundation
import Store

extension ReplicationJobStore {
    /// Returns up to `limit` jobs matching `filter` with ids below `beforeId`, newest first, and whether more
    /// rows follow.
    public func list(
        filter: JobFilter,
        beforeId: Int64?,
        limit: Int,
        in connection: Connection
    ) throws -> (jobs: [ReplicationJob], hasMore: Bool) {
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        let equalities: [(String, String?)] = [
            ("state", filter.state?.rawValue), ("repository", filter.repository), ("digest", filter.digest),
        ]
        for (column, value) in equalities {
            if let value {
                conditions.append("\(column) = ?")
                values.append(.text(value))
            }
        }
        if let beforeId {
            conditions.append("id < ?")
            values.append(.integer(beforeId))
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        // One extra row shows whether another page follows, without a second query.
        let rows = try connection.query(
            "SELECT \(Self.jobColumns) FROM replication_jobs\(whereClause) ORDER BY id DESC LIMIT ?",
            values + [.integer(limit + 1)]
        )
        let jobs = try rows.prefix(limit).map { row in
            try Self.job(from: row, destinations: try self.destinations(jobId: try row.int64("id"), in: connection))
        }
        return (jobs, rows.count > limit)
    }
}

/// The opaque paging cursor of the job list: the id of the last job returned, versioned and base64url-encoded.
/// Pages continue below that id, so jobs created while a client pages never shift later pages.
enum JobCursor {
    private static let prefix = "j1:"

    static func encode(lastId: Int64) -> String {
        Data((self.prefix + String(lastId)).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Returns the id inside `cursor`.
    ///
    /// - Throws: `ReplicationJobError` of kind `.invalidField` for text this encoder did not produce.
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
            throw ReplicationJobError(
                .invalidField,
                "is not a cursor this list returned; start again without it",
                field: "cursor"
            )
        }
        return id
    }
}
