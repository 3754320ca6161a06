import Store

/// The WHERE clause of an audit list, built up one filter at a time.
///
/// Target conditions need a plan choice that SQLite cannot make without range statistics. The
/// `(target, id)` index finds the rows of a narrow prefix at once but returns them in target order, so
/// SQLite sorts every match by id before it can return the newest page. For a wide prefix that sort
/// covers a large share of the log, while walking the primary key from the newest id finds a page of
/// matches after a few hundred rows. `isTargetNarrow(in:)` counts matches up to a bound through the index
/// to pick the plan. For the wide case a unary `+` on the column keeps SQLite off the index.
struct AuditSQL: Sendable {
    /// A condition on the target column.
    enum TargetCondition: Sendable {
        /// Targets that start with the text.
        case prefix(String)
        /// The target itself and every target below it (`name` or `name/…`).
        case subtree(String)
    }

    /// Matches of a target condition below which the target index serves the query; from this count on the
    /// newest-first walk does. Sorting up to this many ids stays in the low milliseconds (an estimate from
    /// the 2,000-match prefix in bench/audit-query.sh, which took about 1 ms).
    static let narrowTargetLimit = 5_000

    private(set) var conditions: [String] = []
    private(set) var values: [SQLiteValue] = []
    var target: TargetCondition?

    mutating func add(_ condition: String, _ values: [SQLiteValue]) {
        self.conditions.append(condition)
        self.values += values
    }

    mutating func addEqual(_ column: String, _ value: String?) {
        if let value {
            self.add("\(column) = ?", [.text(value)])
        }
    }

    /// Returns ` WHERE …` (or an empty string) and the values to bind, in order.
    func whereClause(useTargetIndex: Bool) -> (String, [SQLiteValue]) {
        var conditions = self.conditions
        var values = self.values
        if let target = self.target {
            let (condition, targetValues) = Self.render(target, column: useTargetIndex ? "target" : "+target")
            conditions.append(condition)
            values += targetValues
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), values)
    }

    /// Returns true when no target condition is set or fewer than `narrowTargetLimit` rows match it.
    func isTargetNarrow(in connection: Connection) throws -> Bool {
        guard let target = self.target else {
            return true
        }
        let (condition, values) = Self.render(target, column: "target")
        let row = try connection.queryFirst(
            "SELECT count(*) FROM (SELECT 1 FROM audit_events WHERE \(condition) LIMIT ?)",
            values + [.integer(Self.narrowTargetLimit)]
        )
        return try (row?.int64(0) ?? 0) < Self.narrowTargetLimit
    }

    private static func render(_ target: TargetCondition, column: String) -> (String, [SQLiteValue]) {
        switch target {
        case .prefix(let prefix):
            return self.prefixRange(column: column, prefix: prefix)
        case .subtree(let name):
            let (children, values) = self.prefixRange(column: column, prefix: name + "/")
            return ("(\(column) = ? OR (\(children)))", [.text(name)] + values)
        }
    }

    /// Renders "column starts with prefix" as a range, so the column's index can serve it.
    private static func prefixRange(column: String, prefix: String) -> (String, [SQLiteValue]) {
        guard let upper = self.upperBound(ofPrefix: prefix) else {
            return ("\(column) >= ?", [.text(prefix)])
        }
        return ("\(column) >= ? AND \(column) < ?", [.text(prefix), .text(upper)])
    }

    /// Returns the smallest text greater than every text that starts with `prefix`: the prefix with its last
    /// character replaced by the next Unicode scalar. SQLite's BINARY collation compares UTF-8 bytes, whose
    /// order is the order of scalar values, so `[prefix, upper)` contains exactly the texts with that prefix.
    static func upperBound(ofPrefix prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            // Surrogate code points are not scalars, so the successor of U+D7FF is U+E000.
            let nextValue = last.value == 0xD7FF ? 0xE000 : last.value + 1
            if let next = Unicode.Scalar(nextValue) {
                scalars.append(next)
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars)
                return String(text)
            }
            // U+10FFFF has no successor, so the bound carries into the scalar before it.
        }
        return nil
    }
}
