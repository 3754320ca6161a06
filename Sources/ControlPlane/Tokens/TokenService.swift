import Foundation
import Observability
import Store

/// Creates, authenticates, lists and revokes bearer tokens.
///
/// Only the SHA-256 of each secret is stored. Create and revoke write their audit row in the same
/// transaction as the change. A create or revoke that fails with `TokenServiceError` is audited as a
/// failed attempt in a transaction of its own.
public struct TokenService: Sendable {
    /// Maximum length of a token name, in characters.
    public static let maximumNameLength = 64

    private let database: Database
    private let auditLog: AuditLog

    public init(database: Database, auditLog: AuditLog) {
        self.database = database
        self.auditLog = auditLog
    }

    /// Creates a token and returns it with its plaintext, which cannot be recovered later.
    ///
    /// - Parameters:
    ///   - actor: who requests the token, recorded in the audit row.
    ///   - requestId: the HTTP request id, or nil for a command-line call.
    /// - Throws: `TokenServiceError` of kind `.invalidName` or `.duplicateName`, or `StoreError`.
    public func create(name: String, role: Role, actor: String, requestId: String?) async throws -> IssuedToken {
        let target = Self.auditTarget(name)
        return try await self.auditingFailure(
            action: "token.create",
            target: target,
            actor: actor,
            requestId: requestId
        ) {
            try Self.validate(name: name)
            let secret = TokenSecret.generate()
            let createdAt = RFC3339.string(from: Date())
            return try await self.database.write { connection in
                let info = try Self.insert(
                    name: name,
                    role: role,
                    secret: secret,
                    createdAt: createdAt,
                    actor: actor,
                    in: connection
                )
                let entry = AuditEntry(
                    actor: actor,
                    action: "token.create",
                    target: target,
                    requestId: requestId,
                    after: try Self.json(info)
                )
                try self.auditLog.append(entry, in: connection)
                return IssuedToken(info: info, token: secret.text)
            }
        }
    }

    /// Returns the caller of a request carrying `bearer`, or nil for a malformed, unknown, wrong or revoked
    /// token.
    ///
    /// One indexed lookup by public id, then a constant-time comparison of the secret's hash.
    public func authenticate(bearer: String) async throws -> Principal? {
        guard let secret = TokenSecret(parsing: bearer.trimmingCharacters(in: .whitespaces)) else {
            return nil
        }
        let row = try await self.database.read { connection in
            try connection.queryFirst(
                "SELECT id, name, role, secret_hash FROM tokens WHERE public_id = ? AND revoked_at IS NULL",
                [.text(secret.publicId)]
            )
        }
        guard let row, secret.matches(storedHash: try row.string(3)), let role = Role(rawValue: try row.string(2))
        else {
            return nil
        }
        return Principal(name: try row.string(1), role: role, tokenId: try row.int64(0))
    }

    /// Returns the tokens ordered by id, without secrets or hashes.
    public func list(includeRevoked: Bool = false) async throws -> [TokenInfo] {
        let sql = Self.listQuery(includeRevoked: includeRevoked)
        return try await self.database.read { connection in
            try connection.query(sql).map(Self.info(from:))
        }
    }

    /// Returns the query of `list`. Without revoked tokens it reads the partial index `tokens_active_id`, so
    /// its cost follows the active tokens rather than every token ever created.
    static func listQuery(includeRevoked: Bool) -> String {
        "SELECT \(Self.columns) FROM tokens" + (includeRevoked ? "" : " WHERE revoked_at IS NULL") + " ORDER BY id"
    }

    /// Revokes a token so it no longer authenticates, and returns it as revoked.
    ///
    /// - Throws: `TokenServiceError` of kind `.notFound` or `.alreadyRevoked`, or `StoreError`.
    @discardableResult
    public func revoke(_ reference: TokenReference, actor: String, requestId: String?) async throws -> TokenInfo {
        let target =
            switch reference {
            case .id(let id): "token:#\(id)"
            case .name(let name): Self.auditTarget(name)
            }
        return try await self.auditingFailure(
            action: "token.revoke",
            target: target,
            actor: actor,
            requestId: requestId
        ) {
            let revokedAt = RFC3339.string(from: Date())
            return try await self.database.write { connection in
                let before = try Self.find(reference, in: connection)
                let after = try Self.markRevoked(before, at: revokedAt, by: actor, in: connection)
                let entry = AuditEntry(
                    actor: actor,
                    action: "token.revoke",
                    target: Self.auditTarget(before.name),
                    requestId: requestId,
                    before: try Self.json(before),
                    after: try Self.json(after)
                )
                try self.auditLog.append(entry, in: connection)
                return after
            }
        }
    }

    /// Runs `body`; when it throws `TokenServiceError`, records a failed audit row and rethrows.
    private func auditingFailure<T: Sendable>(
        action: String,
        target: String,
        actor: String,
        requestId: String?,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let error as TokenServiceError {
            let failure = AuditFailure(code: error.kind.rawValue, message: error.message)
            try await self.auditLog.append(
                AuditEntry(actor: actor, action: action, target: target, requestId: requestId, failure: failure)
            )
            throw error
        }
    }
}
