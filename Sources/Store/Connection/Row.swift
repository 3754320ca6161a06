/// One result row, copied out of the statement so it stays valid after the statement moves on.
///
/// Accessors take a column index or name and throw `StoreError` of kind `.decoding` when the column is
/// missing or contains another type, so a schema mistake surfaces as an error naming the column.
public struct Row: Sendable {
    /// The column names of the result, shared by every row of one query.
    public let columnNames: [String]
    /// The column values in result order.
    public let values: [SQLiteValue]

    public init(columnNames: [String], values: [SQLiteValue]) {
        self.columnNames = columnNames
        self.values = values
    }

    /// Returns the value of the column at `index`.
    public subscript(index: Int) -> SQLiteValue {
        self.values[index]
    }

    /// Returns the value of the column named `name`, or nil when the result has no such column.
    public subscript(name: String) -> SQLiteValue? {
        self.columnNames.firstIndex(of: name).map { self.values[$0] }
    }

    public func int64(_ column: Int) throws -> Int64 {
        guard case .integer(let value) = try self.value(at: column) else {
            throw self.mismatch(column, expected: "integer")
        }
        return value
    }

    public func optionalInt64(_ column: Int) throws -> Int64? {
        let value = try self.value(at: column)
        if value.isNull {
            return nil
        }
        return try self.int64(column)
    }

    /// Returns a real column. An integer column converts, because SQLite stores whole reals as integers under REAL
    /// affinity.
    public func double(_ column: Int) throws -> Double {
        switch try self.value(at: column) {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: throw self.mismatch(column, expected: "real")
        }
    }

    public func optionalDouble(_ column: Int) throws -> Double? {
        let value = try self.value(at: column)
        if value.isNull {
            return nil
        }
        return try self.double(column)
    }

    public func string(_ column: Int) throws -> String {
        guard case .text(let value) = try self.value(at: column) else {
            throw self.mismatch(column, expected: "text")
        }
        return value
    }

    public func optionalString(_ column: Int) throws -> String? {
        let value = try self.value(at: column)
        if value.isNull {
            return nil
        }
        return try self.string(column)
    }

    public func blob(_ column: Int) throws -> [UInt8] {
        guard case .blob(let value) = try self.value(at: column) else {
            throw self.mismatch(column, expected: "blob")
        }
        return value
    }

    /// Returns an integer column read as a boolean: 0 is false, anything else true.
    public func bool(_ column: Int) throws -> Bool {
        try self.int64(column) != 0
    }

    public func int64(_ name: String) throws -> Int64 { try self.int64(self.index(of: name)) }
    public func optionalInt64(_ name: String) throws -> Int64? { try self.optionalInt64(self.index(of: name)) }
    public func double(_ name: String) throws -> Double { try self.double(self.index(of: name)) }
    public func optionalDouble(_ name: String) throws -> Double? { try self.optionalDouble(self.index(of: name)) }
    public func string(_ name: String) throws -> String { try self.string(self.index(of: name)) }
    public func optionalString(_ name: String) throws -> String? { try self.optionalString(self.index(of: name)) }
    public func blob(_ name: String) throws -> [UInt8] { try self.blob(self.index(of: name)) }
    public func bool(_ name: String) throws -> Bool { try self.bool(self.index(of: name)) }

    private func value(at column: Int) throws -> SQLiteValue {
        guard self.values.indices.contains(column) else {
            throw StoreError(
                kind: .decoding,
                message: "column \(column) is out of range (\(self.values.count) columns)"
            )
        }
        return self.values[column]
    }

    private func index(of name: String) throws -> Int {
        guard let index = self.columnNames.firstIndex(of: name) else {
            throw StoreError(kind: .decoding, message: "column \"\(name)\" is not in the result")
        }
        return index
    }

    private func mismatch(_ column: Int, expected: String) -> StoreError {
        let name = self.columnNames.indices.contains(column) ? self.columnNames[column] : "\(column)"
        return StoreError(
            kind: .decoding,
            message: "column \"\(name)\" contains \(self.values[column]), expected \(expected)"
        )
    }
}
