import Foundation
import Store
import Testing

@testable import ControlPlane

@Suite("TokenService")
struct TokenServiceTests {
    private func withService<T>(_ body: (TokenService, AuditLog, Database) async throws -> T) async throws -> T {
        try await AuditTestDatabase.with { database, _ in
            let log = AuditLog(database: database)
            return try await body(TokenService(database: database, auditLog: log), log, database)
        }
    }

    @Test("role order and raw values")
    func roles() {
        #expect(Role.viewer < Role.operator)
        #expect(Role.operator < Role.admin)
        #expect(Role.allCases.map(\.rawValue) == ["viewer", "operator", "admin"])
        #expect(Role(rawValue: "admin") == .admin)
        #expect(Role(rawValue: "root") == nil)
        let principal = Principal(name: "ci", role: .operator, tokenId: 1)
        #expect(principal.isPermitted(.viewer))
        #expect(principal.isPermitted(.operator))
        #expect(principal.isPermitted(.admin) == false)
    }

    @Test("created token authenticates")
    func createAndAuthenticate() async throws {
        try await withService { service, _, _ in
            let issued = try await service.create(name: "ci-bot", role: .operator, actor: "admin", requestId: "r1")
            let principal = try await service.authenticate(bearer: issued.token)
            #expect(issued.token.hasPrefix("ecp_"))
            #expect(issued.token.count == 85)  // "ecp_", 16 hex digits, "_", 64 hex digits
            #expect(issued.info.name == "ci-bot")
            #expect(issued.info.role == .operator)
            #expect(issued.info.createdBy == "admin")
            #expect(principal == Principal(name: "ci-bot", role: .operator, tokenId: issued.info.id))
        }
    }

    @Test("active list reads the partial index")
    func activeListUsesIndex() async throws {
        try await withService { _, _, database in
            let plan = try await database.read { connection in
                try connection.query("EXPLAIN QUERY PLAN " + TokenService.listQuery(includeRevoked: false))
                    .map { try $0.string(3) }
            }
            // One step and no temporary sort: the index gives both the filter and the order.
            #expect(plan.count == 1)
            #expect(plan.first?.hasSuffix("USING INDEX tokens_active_id") == true)
        }
    }

    @Test("two tokens never share text")
    func uniqueTokens() async throws {
        try await withService { service, _, _ in
            let first = try await service.create(name: "one", role: .viewer, actor: "admin", requestId: nil)
            let second = try await service.create(name: "two", role: .viewer, actor: "admin", requestId: nil)
            #expect(first.token != second.token)
            #expect(first.info.publicId != second.info.publicId)
        }
    }

    @Test("wrong secret is rejected")
    func wrongSecret() async throws {
        try await withService { service, _, _ in
            let issued = try await service.create(name: "ci", role: .admin, actor: "admin", requestId: nil)
            let last = issued.token.last == "0" ? "1" : "0"
            let altered = String(issued.token.dropLast()) + last
            let otherSecret = "ecp_\(issued.info.publicId)_" + String(repeating: "ab", count: 32)
            #expect(try await service.authenticate(bearer: altered) == nil)
            #expect(try await service.authenticate(bearer: otherSecret) == nil)
        }
    }

    @Test("malformed bearer text is rejected")
    func malformed() async throws {
        try await withService { service, _, _ in
            let issued = try await service.create(name: "ci", role: .admin, actor: "admin", requestId: nil)
            let cases = [
                "",
                "Bearer " + issued.token,
                "ecp_",
                "ecp__",
                String(issued.token.dropLast()),
                issued.token + "0",
                issued.token.replacingOccurrences(of: "ecp_", with: "xyz_"),
                "ecp_\(issued.info.publicId)_\(issued.info.publicId)",
                "ecp_zzzzzzzzzzzzzzzz_" + String(repeating: "0", count: 64),
            ]
            for text in cases {
                let principal = try await service.authenticate(bearer: text)
                #expect(principal == nil, "accepted \(text)")
            }
        }
    }

    @Test("revoked token is rejected")
    func revoked() async throws {
        try await withService { service, _, _ in
            let byName = try await service.create(name: "a", role: .viewer, actor: "admin", requestId: nil)
            let byId = try await service.create(name: "b", role: .viewer, actor: "admin", requestId: nil)
            let revokedA = try await service.revoke(.name("a"), actor: "admin", requestId: "r2")
            let revokedB = try await service.revoke(.id(byId.info.id), actor: "root", requestId: nil)
            #expect(revokedA.isRevoked)
            #expect(revokedA.revokedBy == "admin")
            #expect(revokedB.revokedBy == "root")
            #expect(try await service.authenticate(bearer: byName.token) == nil)
            #expect(try await service.authenticate(bearer: byId.token) == nil)
        }
    }

    @Test("revoke of missing or revoked token fails")
    func revokeErrors() async throws {
        try await withService { service, _, _ in
            let issued = try await service.create(name: "a", role: .viewer, actor: "admin", requestId: nil)
            try await service.revoke(.id(issued.info.id), actor: "admin", requestId: nil)
            let twice = await #expect(throws: TokenServiceError.self) {
                try await service.revoke(.id(issued.info.id), actor: "admin", requestId: nil)
            }
            let byName = await #expect(throws: TokenServiceError.self) {
                try await service.revoke(.name("a"), actor: "admin", requestId: nil)
            }
            let unknown = await #expect(throws: TokenServiceError.self) {
                try await service.revoke(.id(999), actor: "admin", requestId: nil)
            }
            #expect(twice?.kind == .alreadyRevoked)
            #expect(byName?.kind == .notFound)
            #expect(unknown?.kind == .notFound)
        }
    }

    @Test("duplicate active name is rejected")
    func duplicateName() async throws {
        try await withService { service, _, _ in
            let first = try await service.create(name: "ci", role: .viewer, actor: "admin", requestId: nil)
            let error = await #expect(throws: TokenServiceError.self) {
                try await service.create(name: "ci", role: .admin, actor: "admin", requestId: nil)
            }
            #expect(error?.kind == .duplicateName)
            try await service.revoke(.name("ci"), actor: "admin", requestId: nil)
            let reused = try await service.create(name: "ci", role: .admin, actor: "admin", requestId: nil)
            #expect(reused.info.id != first.info.id)
            #expect(try await service.authenticate(bearer: reused.token)?.role == .admin)
        }
    }

    @Test("invalid names are rejected")
    func invalidNames() async throws {
        try await withService { service, _, _ in
            for name in ["", "has space", "slash/name", "ünï", String(repeating: "a", count: 65)] {
                let error = await #expect(throws: TokenServiceError.self) {
                    try await service.create(name: name, role: .viewer, actor: "admin", requestId: nil)
                }
                #expect(error?.kind == .invalidName)
            }
            let longest = try await service.create(
                name: String(repeating: "a", count: 64),
                role: .viewer,
                actor: "admin",
                requestId: nil
            )
            #expect(longest.info.name.count == 64)
        }
    }

    @Test("list never exposes secrets")
    func listHidesSecrets() async throws {
        try await withService { service, _, database in
            let issued = try await service.create(name: "ci", role: .operator, actor: "admin", requestId: nil)
            let other = try await service.create(name: "old", role: .viewer, actor: "admin", requestId: nil)
            try await service.revoke(.name("old"), actor: "admin", requestId: nil)
            let active = try await service.list()
            let all = try await service.list(includeRevoked: true)
            let secret = String(issued.token.suffix(64))
            let hash = try await database.read {
                try $0.queryFirst("SELECT secret_hash FROM tokens WHERE id = ?", [.integer(issued.info.id)])?.string(0)
            }
            let listed = String(decoding: try JSONEncoder().encode(all), as: UTF8.self)
            #expect(active.map(\.name) == ["ci"])
            #expect(all.map(\.name) == ["ci", "old"])
            #expect(all.last?.isRevoked == true)
            #expect(listed.contains(secret) == false)
            #expect(listed.contains(try #require(hash)) == false)
            #expect(listed.contains(String(other.token.suffix(64))) == false)
        }
    }

    @Test("database stores only the secret hash")
    func storedHashOnly() async throws {
        try await withService { service, _, database in
            let issued = try await service.create(name: "ci", role: .operator, actor: "admin", requestId: nil)
            let secret = String(issued.token.suffix(64))
            let dump = try await database.read { connection in
                try connection.query("SELECT * FROM tokens").flatMap(\.values).map { "\($0)" }.joined(separator: " ")
            }
            let audit = try await database.read { connection in
                try connection.query("SELECT * FROM audit_events").flatMap(\.values).map { "\($0)" }.joined(
                    separator: " "
                )
            }
            #expect(dump.contains(secret) == false)
            #expect(audit.contains(secret) == false)
            #expect(dump.contains(issued.info.publicId))
        }
    }

    @Test("create and revoke write audit rows")
    func auditRows() async throws {
        try await withService { service, log, _ in
            let issued = try await service.create(name: "ci", role: .operator, actor: "admin", requestId: "req-1")
            try await service.revoke(.name("ci"), actor: "root", requestId: "req-2")
            let events = try await log.list().items
            #expect(events.count == 2)
            let revoke = try #require(events.first)
            let create = try #require(events.last)
            #expect(create.action == "token.create")
            #expect(create.actor == "admin")
            #expect(create.target == "token:ci")
            #expect(create.requestId == "req-1")
            #expect(create.outcome == .succeeded)
            #expect(create.before == nil)
            #expect(create.after?.contains("\"role\":\"operator\"") == true)
            #expect(create.after?.contains(issued.info.publicId) == true)
            #expect(revoke.action == "token.revoke")
            #expect(revoke.actor == "root")
            #expect(revoke.requestId == "req-2")
            #expect(revoke.before?.contains("\"revokedAt\"") == false)
            #expect(revoke.after?.contains("\"revokedBy\":\"root\"") == true)
            #expect(try await log.verify().intact)
        }
    }

    @Test("failed create and revoke are audited")
    func failedAttemptsAudited() async throws {
        try await withService { service, log, database in
            _ = try await service.create(name: "ci", role: .viewer, actor: "admin", requestId: nil)
            _ = try? await service.create(name: "ci", role: .viewer, actor: "admin", requestId: "dup")
            _ = try? await service.revoke(.name("nobody"), actor: "admin", requestId: "missing")
            let failed = try await log.list(filter: AuditFilter(outcome: .failed)).items
            let tokens = try await database.read { try $0.queryFirst("SELECT count(*) FROM tokens")?.int64(0) }
            #expect(failed.map(\.action) == ["token.revoke", "token.create"])
            #expect(failed.map(\.failure?.code) == ["not_found", "duplicate_name"])
            #expect(failed.map(\.requestId) == ["missing", "dup"])
            #expect(tokens == 1)
        }
    }
}
