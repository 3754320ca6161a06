import Foundation
import Store
import Testing

/// Inputs an attacker sent in a review of the server; each once crashed it, hung it or got the wrong status.
@Suite struct HostileInputTests {
    @Test func longTimeFractionIs400NotACrash() async throws {
        try await withApplication { app in
            let fraction = String(repeating: "1", count: 40)
            let reply = try await app.request(
                "GET",
                "/v1/audit-events?since=2026-12-04T00:00:00.\(fraction)Z",
                token: app.viewerToken
            )
            #expect(reply.status == 400)
            #expect(reply.errorFields == ["since"])
            let health = try await app.request("GET", "/healthz", token: nil)
            #expect(health.status == 200)
        }
    }

    @Test func duplicateKeysAreRejected() async throws {
        try await withApplication { app in
            let reply = try await app.request(
                "POST",
                "/v1/tokens",
                token: app.adminToken,
                body: #"{"name":"dup","role":"admin","role":"viewer"}"#
            )
            #expect(reply.status == 400)
            #expect(reply.errorFields == ["role"])
            let tokens = try await app.request("GET", "/v1/tokens", token: app.adminToken)
            #expect(!tokens.text.contains("\"dup\""))
        }
    }

    @Test func trailingCommaIsRejected() async throws {
        try await withApplication { app in
            let reply = try await app.request(
                "POST",
                "/v1/tokens",
                token: app.adminToken,
                body: #"{"name":"x","role":"viewer",}"#
            )
            #expect(reply.status == 400)
        }
    }

    @Test func typeErrorsNameJSONTypes() async throws {
        try await withApplication { app in
            let reply = try await app.request("POST", "/v1/tokens", token: app.adminToken, body: #"[1, 2]"#)
            #expect(reply.status == 400)
            #expect(!reply.text.contains("Dictionary<"))
        }
    }

    @Test func linkHeaderEncodesDelimiters() async throws {
        try await withApplication { app in
            let reply = try await app.request("GET", "/v1/audit-events?limit=1&note=a>b,<x>", token: app.viewerToken)
            #expect(reply.status == 200)
            let link = try #require(reply.headers["link"])
            #expect(link.contains("note=a%3Eb%2C%3Cx%3E"))
            #expect(link.filter { $0 == "<" }.count == 1)
        }
    }

    @Test func oversizedTokenNameIsNotStoredWhole() async throws {
        try await withApplication { app in
            let name = String(repeating: "n", count: 100_000)
            let reply = try await app.request(
                "POST",
                "/v1/tokens",
                token: app.adminToken,
                body: #"{"name":"\#(name)","role":"viewer"}"#
            )
            #expect(reply.status == 400)
            #expect(reply.body.count < 2_000)
            let events = try await app.request(
                "GET",
                "/v1/audit-events?action=token.create&outcome=failed",
                token: app.viewerToken
            )
            #expect(events.status == 200)
            #expect(events.body.count < 2_000)
        }
    }

    @Test func lockedDatabaseIs503WithRetryAfter() async throws {
        try await withApplication { app in
            // A second process's writer, opened on the same file, holds the write lock past the 5 s busy timeout.
            let other = try await Database.open(path: app.database.path)
            async let lockHolder: Void = other.write { _ in Thread.sleep(forTimeInterval: 6.5) }
            try await Task.sleep(for: .milliseconds(300))
            let reply = try await app.request(
                "POST",
                "/v1/tokens",
                token: app.adminToken,
                body: #"{"name":"late","role":"viewer"}"#
            )
            #expect(reply.status == 503)
            #expect(reply.headers["retry-after"] == "1")
            try await lockHolder
            await other.close()
        }
    }
}
