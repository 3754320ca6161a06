import CSQLite

/// The one error of the Store module: a failed SQLite call, a row that does not decode, or a migration problem.
///
/// SQLite failures carry the primary and extended result codes, SQLite's message and the SQL text, so a
/// log line names the statement. Callers match on `kind` or use `constraint` to tell a unique or
/// foreign-key violation (a conflict the caller caused) from a fault of the server.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The category of a failure; new categories can be added without breaking callers that match on it.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case sqlite
            case constraint
            case busy
            case decoding
            case closed
            case migrationsNotFound
            case migrationInvalid
            case migrationChecksumMismatch
            case migrationUnknown
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// SQLite returned an error that has no more specific kind.
        public static let sqlite = Kind(.sqlite)
        /// A UNIQUE, PRIMARY KEY, FOREIGN KEY, CHECK or NOT NULL constraint failed; see `StoreError.constraint`.
        public static let constraint = Kind(.constraint)
        /// The database stayed locked by another process for longer than the busy timeout.
        public static let busy = Kind(.busy)
        /// A column held a different type than the row accessor expected, or the column does not exist.
        public static let decoding = Kind(.decoding)
        /// The database was closed before the call ran.
        public static let closed = Kind(.closed)
        /// No migrations folder exists at any candidate path.
        public static let migrationsNotFound = Kind(.migrationsNotFound)
        /// The migrations folder has a badly named file, a duplicate version or a gap in the numbering.
        public static let migrationInvalid = Kind(.migrationInvalid)
        /// A migration file changed after it was applied to this database.
        public static let migrationChecksumMismatch = Kind(.migrationChecksumMismatch)
        /// The database records a migration version that the migrations folder does not contain.
        public static let migrationUnknown = Kind(.migrationUnknown)

        public var description: String { self.base.rawValue }
    }

    /// The constraint that a statement violated.
    public enum Constraint: String, Sendable {
        case unique
        case primaryKey
        case foreignKey
        case check
        case notNull
        case other
    }

    public let kind: Kind
    /// The primary SQLite result code, or `SQLITE_OK` when the failure did not come from SQLite.
    public let resultCode: Int32
    /// The extended SQLite result code, such as 2067 for `SQLITE_CONSTRAINT_UNIQUE`.
    public let extendedResultCode: Int32
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    public init(
        kind: Kind,
        message: String,
        resultCode: Int32 = SQLITE_OK,
        extendedResultCode: Int32? = nil,
        sql: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.resultCode = resultCode
        self.extendedResultCode = extendedResultCode ?? resultCode
        self.sql = sql
    }

    /// Builds the error for a failed SQLite call, classifying constraint and busy failures by their codes.
    init(extendedResultCode code: Int32, message: String, sql: String?) {
        let primary = code & 0xFF
        let kind: Kind
        switch primary {
        case SQLITE_CONSTRAINT: kind = .constraint
        case SQLITE_BUSY, SQLITE_LOCKED: kind = .busy
        default: kind = .sqlite
        }
        self.init(kind: kind, message: message, resultCode: primary, extendedResultCode: code, sql: sql)
    }

    /// The violated constraint when `kind` is `.constraint`, else nil.
    public var constraint: Constraint? {
        guard self.kind == .constraint else {
            return nil
        }
        // Extended codes are SQLITE_CONSTRAINT | (n << 8); the C macros do not import into Swift.
        switch self.extendedResultCode >> 8 {
        case 8: return .unique
        case 6, 10: return .primaryKey
        case 3: return .foreignKey
        case 1: return .check
        case 5: return .notNull
        default: return .other
        }
    }

    /// True for a UNIQUE or PRIMARY KEY violation: the row already exists.
    public var isUniqueViolation: Bool {
        self.constraint == .unique || self.constraint == .primaryKey
    }

    /// True for a FOREIGN KEY violation: a referenced row is missing or still referenced.
    public var isForeignKeyViolation: Bool {
        self.constraint == .foreignKey
    }

    public var description: String {
        var text = "StoreError(\(self.kind)): \(self.message)"
        if self.resultCode != SQLITE_OK {
            text += " [SQLite code \(self.resultCode), extended \(self.extendedResultCode)]"
        }
        if let sql = self.sql {
            text += " in SQL: \(sql)"
        }
        return text
    }
}
