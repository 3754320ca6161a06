/// A migration recorded in the `schema_migrations` table of a database.
public struct AppliedMigration: Sendable, Hashable {
    public let version: Int
    public let name: String
    public let checksum: String
    /// RFC 3339 UTC time with milliseconds at which the migration committed.
    public let appliedAt: String

    public init(version: Int, name: String, checksum: String, appliedAt: String) {
        self.version = version
        self.name = name
        self.checksum = checksum
        self.appliedAt = appliedAt
    }
}

/// The schema version of a database compared with the migrations folder, as a readiness probe reports it.
public struct MigrationStatus: Sendable {
    public let applied: [AppliedMigration]
    /// Migrations in the folder that the database has not applied yet, in the order they would apply.
    public let pending: [Migration]

    public init(applied: [AppliedMigration], pending: [Migration]) {
        self.applied = applied
        self.pending = pending
    }

    /// The highest applied version, or 0 for a database without migrations.
    public var currentVersion: Int {
        self.applied.map(\.version).max() ?? 0
    }

    /// The highest version in the folder.
    public var latestVersion: Int {
        max(self.currentVersion, self.pending.map(\.version).max() ?? 0)
    }

    /// True when every migration in the folder is applied.
    public var isCurrent: Bool {
        self.pending.isEmpty
    }
}
