import CSQLite

/// A prepared statement owned by one `Connection`; finalized when released.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    private(set) lazy var columnNames: [String] = (0..<sqlite3_column_count(self.handle)).map { index in
        sqlite3_column_name(self.handle, index).map { String(cString: $0) } ?? "column\(index)"
    }

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(self.handle)
    }

    /// True while a previous run has not been reset, so the statement cannot be shared with a nested query.
    var isBusy: Bool {
        sqlite3_stmt_busy(self.handle) != 0
    }

    /// Binds `values` to parameters 1...n, returning the SQLite result code of the first failure.
    func bind(_ values: [SQLiteValue]) -> Int32 {
        let expected = Int(sqlite3_bind_parameter_count(self.handle))
        guard values.count == expected else {
            return SQLITE_RANGE
        }
        for (offset, value) in values.enumerated() {
            let status = self.bind(value, at: Int32(offset + 1))
            if status != SQLITE_OK {
                return status
            }
        }
        return SQLITE_OK
    }

    private func bind(_ value: SQLiteValue, at index: Int32) -> Int32 {
        switch value {
        case .integer(let integer):
            return sqlite3_bind_int64(self.handle, index, integer)
        case .real(let real):
            return sqlite3_bind_double(self.handle, index, real)
        case .text(let text):
            // withCString gives a non-null pointer even for "", which SQLite would otherwise bind as NULL.
            return text.withCString { pointer in
                sqlite3_bind_text(self.handle, index, pointer, Int32(text.utf8.count), transientDestructor)
            }
        case .blob(let bytes):
            if bytes.isEmpty {
                return sqlite3_bind_zeroblob(self.handle, index, 0)
            }
            return bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob(self.handle, index, buffer.baseAddress, Int32(buffer.count), transientDestructor)
            }
        case .null:
            return sqlite3_bind_null(self.handle, index)
        }
    }

    /// Copies the current result row out of the statement.
    func currentRow() -> Row {
        let count = sqlite3_column_count(self.handle)
        var values = [SQLiteValue]()
        values.reserveCapacity(Int(count))
        for index in 0..<count {
            values.append(self.column(at: index))
        }
        return Row(columnNames: self.columnNames, values: values)
    }

    private func column(at index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(self.handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(self.handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(self.handle, index))
        case SQLITE_TEXT:
            let length = Int(sqlite3_column_bytes(self.handle, index))
            guard let bytes = sqlite3_column_text(self.handle, index) else {
                return .text("")
            }
            return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(self.handle, index))
            guard let bytes = sqlite3_column_blob(self.handle, index), length > 0 else {
                return .blob([])
            }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: length)))
        default:
            return .null
        }
    }

    /// Resets the statement for its next run and drops the bound values.
    func reset() {
        sqlite3_reset(self.handle)
        sqlite3_clear_bindings(self.handle)
    }
}

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot import; it tells SQLite
// to copy the bound bytes before the bind call returns.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
