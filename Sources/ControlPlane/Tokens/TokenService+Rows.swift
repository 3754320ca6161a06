import Foundation
import Store

extension TokenService {
    static let columns = "id, name, role, public_id, created_at, created_by, revoked_at, revoked_by"

    /// Returns the audit target of a token. The colon keeps it apart from repository names, which cannot contain one.
    /// A name longer than any valid one is cut, so a rejected request cannot store megabytes in the log.
    static func auditTarget(_ name: String) -> String {
        "token:" + self.shortened(name)
    }

    /// Returns `name` cut to the maximum name length with `…` appended when it is longer.
    static func shortened(_ name: String) -> String {
        name.count <= self.maximumNameLength ? name : String(name.prefix(self.maximumNameLength)) + "…"
    }

    static func validate(name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || ".-_@".unicodeScalars.contains(scalar))
        }
        guard !name.isEmpty, name.count <= self.maximumNameLength, allowed else {
            throw TokenServiceError(
                .invalidName,
                "token name \"\(self.shortened(name))\" is invalid: use 1 to \(self.maximumNameLength) characters "
                    + "from A-Z a-z 0-9 . _ - @"
            )
        }
    }

    static func requireNameFree(_ name: String, in connection: Connection) throws {
        let existing = try connection.queryFirst(
            "SELECT id FROM tokens WHERE name = ? AND revoked_at IS NULL",
            [.text(name)]
        )
        guard existing == nil else {
            throw TokenServiceError(
                .duplicateName,
                "an active token named \"\(name)\" already exists; revoke it first or pick another name"
            )
        }
    }

    /// Inserts a token row after checking that no active token has the name, and returns it.
    static func insert(
        name: String,
        role: Role,
        secret: TokenSecret,
        createdAt: String,
        actor: String,
        in connection: Connection
    ) throws -> TokenInfo {
        try self.requireNameFree(name, in: connection)
        try connection.execute(
            """
            INSERT INTO tokens (name, role, public_id, secret_hash, created_at, created_by)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                .text(name), .text(role.rawValue), .text(secret.publicId), .text(secret.secretHash),
                .text(createdAt), .text(actor),
            ]
        )
        return TokenInfo(
            id: connection.lastInsertRowID,
            name: name,
            role: role,
            publicId: secret.publicId,
            createdAt: createdAt,
            createdBy: actor
        )
    }

    /// Stores the revocation of `token` and returns the token as revoked.
    static func markRevoked(_ token: TokenInfo, at time: String, by actor: String, in connection: Connection) throws
        -> TokenInfo
    {
        try connection.execute(
            "UPDATE tokens SET revoked_at = ?, revoked_by = ? WHERE id = ?",
            [.text(time), .text(actor), .integer(token.id)]
        )
        return TokenInfo(
            id: token.id,
            name: token.name,
            role: token.role,
            publicId: token.publicId,
            createdAt: token.createdAt,
            createdBy: token.createdBy,
            revokedAt: time,
            revokedBy: actor
        )
    }

    static func find(_ reference: TokenReference, in connection: Connection) throws -> TokenInfo {
        switch reference {
        case .id(let id):
            guard let row = try connection.queryFirst("SELECT \(self.columns) FROM tokens WHERE id = ?", [.integer(id)])
            else {
                throw TokenServiceError(.notFound, "token \(id) not found")
            }
            let info = try self.info(from: row)
            guard !info.isRevoked else {
                throw TokenServiceError(
                    .alreadyRevoked,
                    "token \(id) (\(info.name)) was already revoked at \(info.revokedAt ?? "")"
                )
            }
            return info
        case .name(let name):
            guard
                let row = try connection.queryFirst(
                    "SELECT \(self.columns) FROM tokens WHERE name = ? AND revoked_at IS NULL",
                    [.text(name)]
                )
            else {
                throw TokenServiceError(.notFound, "no active token named \"\(name)\"")
            }
            return try self.info(from: row)
        }
    }

    static func info(from row: Row) throws -> TokenInfo {
        let roleText = try row.string(2)
        guard let role = Role(rawValue: roleText) else {
            throw StoreError(kind: .decoding, message: "token \(try row.int64(0)) has unknown role \"\(roleText)\"")
        }
        return TokenInfo(
            id: try row.int64(0),
            name: try row.string(1),
            role: role,
            publicId: try row.string(3),
            createdAt: try row.string(4),
            createdBy: try row.string(5),
            revokedAt: try row.optionalString(6),
            revokedBy: try row.optionalString(7)
        )
    }

    /// Encodes `info` as JSON with sorted keys for the audit row's before and after columns.
    static func json(_ info: TokenInfo) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(info), as: UTF8.self)
    }
}
