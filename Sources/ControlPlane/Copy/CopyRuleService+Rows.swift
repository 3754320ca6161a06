import Foundation
import Store

extension CopyRuleService {
    static let columns = "id, repository_prefix, tag_pattern, created_at, created_by"

    /// Inserts a rule and its destinations after checking that no rule has the same prefix and pattern.
    static func insert(_ draft: CopyRuleDraft, createdAt: String, actor: String, in connection: Connection) throws
        -> CopyRule
    {
        let existing = try connection.queryFirst(
            "SELECT id FROM copy_rules WHERE repository_prefix = ? AND ifnull(tag_pattern, '') = ?",
            [.text(draft.repositoryPrefix), .text(draft.tagPattern ?? "")]
        )
        if let existing {
            throw CopyRuleServiceError(
                .duplicate,
                "copy rule \(try existing.int64(0)) already has repository prefix '\(draft.repositoryPrefix)' and "
                    + "tag pattern '\(draft.tagPattern ?? "")'; add the destinations to that rule or delete it first"
            )
        }
        try connection.execute(
            "INSERT INTO copy_rules (repository_prefix, tag_pattern, created_at, created_by) VALUES (?, ?, ?, ?)",
            [
                .text(draft.repositoryPrefix), draft.tagPattern.map { .text($0) } ?? .null, .text(createdAt),
                .text(actor),
            ]
        )
        let id = connection.lastInsertRowID
        for (position, destination) in draft.destinations.enumerated() {
            try connection.execute(
                "INSERT INTO copy_rule_destinations (rule_id, position, region, registry_id) VALUES (?, ?, ?, ?)",
                [.integer(id), .integer(Int64(position)), .text(destination.region), .text(destination.registryId)]
            )
        }
        return CopyRule(
            id: id,
            repositoryPrefix: draft.repositoryPrefix,
            tagPattern: draft.tagPattern,
            destinations: draft.destinations,
            createdAt: createdAt,
            createdBy: actor
        )
    }

    static func find(_ id: Int64, in connection: Connection) throws -> CopyRule {
        guard let row = try connection.queryFirst("SELECT \(self.columns) FROM copy_rules WHERE id = ?", [.integer(id)])
        else {
            throw CopyRuleServiceError(.notFound, "copy rule \(id) not found")
        }
        return try self.rule(from: row, destinations: try self.destinations(from: id, through: id, in: connection)[id])
    }

    /// Returns the rules with an id above `afterId` in id order, at most `limit` of them when it is set.
    static func page(after afterId: Int64, limit: Int?, in connection: Connection) throws -> [CopyRule] {
        let rows = try connection.query(
            "SELECT \(self.columns) FROM copy_rules WHERE id > ? ORDER BY id LIMIT ?",
            [.integer(afterId), .integer(Int64(limit ?? -1))]
        )
        guard let first = rows.first, let last = rows.last else {
            return []
        }
        let destinations = try self.destinations(from: try first.int64(0), through: try last.int64(0), in: connection)
        return try rows.map { row in try self.rule(from: row, destinations: destinations[try row.int64(0)]) }
    }

    /// Returns the destinations of the rules with ids from `first` through `last`, keyed by rule id.
    private static func destinations(from first: Int64, through last: Int64, in connection: Connection) throws
        -> [Int64: [ReplicationDestination]]
    {
        let rows = try connection.query(
            """
            SELECT rule_id, region, registry_id FROM copy_rule_destinations
            WHERE rule_id BETWEEN ? AND ? ORDER BY rule_id, position
            """,
            [.integer(first), .integer(last)]
        )
        var destinations: [Int64: [ReplicationDestination]] = [:]
        for row in rows {
            let destination = ReplicationDestination(region: try row.string(1), registryId: try row.string(2))
            destinations[try row.int64(0), default: []].append(destination)
        }
        return destinations
    }

    private static func rule(from row: Row, destinations: [ReplicationDestination]?) throws -> CopyRule {
        CopyRule(
            id: try row.int64(0),
            repositoryPrefix: try row.string(1),
            tagPattern: try row.optionalString(2),
            destinations: destinations ?? [],
            createdAt: try row.string(3),
            createdBy: try row.string(4)
        )
    }

    /// Returns the cursor of the page after rule `id`: the id as decimal text.
    static func encodeCursor(after id: Int64) -> String {
        "\(id)"
    }

    static func decodeCursor(_ cursor: String) throws -> Int64 {
        guard let id = Int64(cursor), id > 0 else {
            throw CopyRuleServiceError(.invalidCursor, "cursor '\(cursor)' is not one this list returned")
        }
        return id
    }

    /// Encodes `rule` as JSON with sorted keys for the audit row's before and after columns.
    static func json(_ rule: CopyRule) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(rule), as: UTF8.self)
    }
}
