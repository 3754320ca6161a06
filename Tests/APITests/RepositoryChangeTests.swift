import AWSClient
import ControlPlane
import Foundation
import Observability
import Testing

/// Changing and deleting repositories, listing their images and reading their history, against moto.
@Suite(.enabled(if: RepositoryTestKit.motoAvailable))
struct RepositoryChangeTests {
    @Test func updateChangesSettingsAndAuditsBeforeAfter() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("update")
            try await RepositoryTestKit.create(name)
            let reply = try await app.request(
                "PATCH",
                "/v1/repositories/\(name)",
                token: app.adminToken,
                body: "{\"scanOnPush\": true, \"tagMutability\": \"IMMUTABLE\"}"
            )
            #expect(reply.status == 200)
            let repository = reply.json["repository"] as? [String: Any] ?? [:]
            #expect(repository["scanOnPush"] as? Bool == true)
            #expect(repository["tagMutability"] as? String == "IMMUTABLE")

            let described = try await RepositoryTestKit.describe(name)
            #expect(described?.imageScanningConfiguration?.scanOnPush == true)
            #expect(described?.imageTagMutability == .immutable)

            let events = try await RepositoryTestKit.auditEvents(app, action: "repository.update", name: name)
            #expect(events.count == 1)
            #expect(events.first?.outcome == .succeeded)
            #expect(events.first?.before?.contains("\"scanOnPush\":false") == true)
            #expect(events.first?.before?.contains("\"tagMutability\":\"MUTABLE\"") == true)
            #expect(events.first?.after?.contains("\"scanOnPush\":true") == true)
            #expect(events.first?.after?.contains("\"tagMutability\":\"IMMUTABLE\"") == true)
        }
    }

    @Test func updateOfMissingRepositoryIsNotFoundAndAudited() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("gone")
            let reply = try await app.request(
                "PATCH",
                "/v1/repositories/\(name)",
                token: app.adminToken,
                body: "{\"tagMutability\": \"IMMUTABLE\"}"
            )
            #expect(reply.status == 404)
            #expect(reply.json["awsErrorCode"] as? String == "RepositoryNotFoundException")
            let events = try await RepositoryTestKit.auditEvents(app, action: "repository.update", name: name)
            #expect(events.count == 1)
            #expect(events.first?.outcome == .failed)
            #expect(events.first?.failure?.code == "RepositoryNotFoundException")
            #expect(events.first?.before == nil)
            #expect(events.first?.after == nil)
        }
    }

    @Test func deleteEmptyRepositoryAudits() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("delete")
            try await RepositoryTestKit.create(name, scanOnPush: true)
            let reply = try await app.request("DELETE", "/v1/repositories/\(name)", token: app.adminToken)
            #expect(reply.status == 200)
            #expect((reply.json["repository"] as? [String: Any])?["name"] as? String == name)
            #expect(try await RepositoryTestKit.describe(name) == nil)
            let events = try await RepositoryTestKit.auditEvents(app, action: "repository.delete", name: name)
            #expect(events.count == 1)
            #expect(events.first?.outcome == .succeeded)
            #expect(events.first?.before?.contains("\"scanOnPush\":true") == true)
            #expect(events.first?.after == nil)
        }
    }

    @Test func deleteNonEmptyNeedsForce() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("full")
            try await RepositoryTestKit.create(name)
            _ = try await RepositoryTestKit.pushImage(name, tag: "v1", seed: name)
            let withoutForce = try await app.request("DELETE", "/v1/repositories/\(name)", token: app.adminToken)
            #expect(withoutForce.status == 409)
            #expect(withoutForce.json["awsErrorCode"] as? String == "RepositoryNotEmptyException")
            #expect(try await RepositoryTestKit.describe(name) != nil)

            let forced = try await app.request("DELETE", "/v1/repositories/\(name)?force=true", token: app.adminToken)
            #expect(forced.status == 200)
            #expect(try await RepositoryTestKit.describe(name) == nil)

            let events = try await RepositoryTestKit.auditEvents(app, action: "repository.delete", name: name)
            #expect(events.map(\.outcome) == [.succeeded, .failed])
            #expect(events.last?.failure?.code == "RepositoryNotEmptyException")
            #expect(events.last?.before?.contains("\"name\":\"\(name)\"") == true)
        }
    }

    @Test func deleteOfMissingRepositoryIsNotFound() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("absent")
            let reply = try await app.request("DELETE", "/v1/repositories/\(name)", token: app.adminToken)
            #expect(reply.status == 404)
            #expect(reply.json["awsErrorCode"] as? String == "RepositoryNotFoundException")
            let events = try await RepositoryTestKit.auditEvents(app, action: "repository.delete", name: name)
            #expect(events.count == 1)
            #expect(events.first?.outcome == .failed)
        }
    }

    @Test func imagesListDigestTagsAndPages() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("images")
            try await RepositoryTestKit.create(name)
            let first = try await RepositoryTestKit.pushImage(name, tag: "v1", seed: name + "1")
            let second = try await RepositoryTestKit.pushImage(name, tag: nil, seed: name + "2")

            let page = try await app.request("GET", "/v1/repositories/\(name)/images?limit=1", token: app.viewerToken)
            #expect(page.status == 200)
            let items = page.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 1)
            let next = try #require(page.json["next"] as? String)
            let rest = try await app.request(
                "GET",
                "/v1/repositories/\(name)/images?limit=1&cursor=\(next)",
                token: app.viewerToken
            )
            #expect(rest.status == 200)
            let restItems = rest.json["items"] as? [[String: Any]] ?? []
            #expect(restItems.count == 1)
            #expect(rest.json["next"] is NSNull)

            let all = items + restItems
            #expect(Set(all.compactMap { $0["digest"] as? String }) == [first, second])
            let tagged = all.first { $0["digest"] as? String == first } ?? [:]
            #expect(tagged["tags"] as? [String] == ["v1"])
            #expect((tagged["sizeInBytes"] as? Int ?? 0) > 0)
            let pushedAt = try #require(tagged["pushedAt"] as? String)
            #expect(RFC3339.date(from: pushedAt) != nil)
            let untagged = all.first { $0["digest"] as? String == second } ?? [:]
            #expect(untagged["tags"] as? [String] == [])
        }
    }

    @Test func imagesOfMissingRepositoryIsNotFound() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("noimages")
            let reply = try await app.request("GET", "/v1/repositories/\(name)/images", token: app.viewerToken)
            #expect(reply.status == 404)
            #expect(reply.json["awsErrorCode"] as? String == "RepositoryNotFoundException")
        }
    }

    @Test func historyListsRepositoryAndPolicyEventsNewestFirst() async throws {
        try await withApplication { app in
            let name = RepositoryTestKit.uniqueName("history")
            let created = try await app.request(
                "POST",
                "/v1/repositories",
                token: app.adminToken,
                body: "{\"name\": \"\(name)\"}"
            )
            #expect(created.status == 201)
            let updated = try await app.request(
                "PATCH",
                "/v1/repositories/\(name)",
                token: app.adminToken,
                body: "{\"scanOnPush\": true}"
            )
            #expect(updated.status == 200)
            // A policy change of this repository belongs to its history; a nested repository's does not.
            for target in ["repository:\(name)/lifecycle-policy", "repository:\(name)/nested"] {
                _ = try await app.auditLog.append(
                    AuditEntry(
                        actor: "admin",
                        action: "lifecycle-policy.put",
                        target: target,
                        requestId: nil,
                        failure: nil,
                        before: nil,
                        after: "{}"
                    )
                )
            }
            let reply = try await app.request("GET", "/v1/repositories/\(name)/history", token: app.viewerToken)
            #expect(reply.status == 200)
            let items = reply.json["items"] as? [[String: Any]] ?? []
            #expect(
                items.compactMap { $0["action"] as? String }
                    == ["lifecycle-policy.put", "repository.update", "repository.create"]
            )
            #expect(items.compactMap { $0["target"] as? String }.contains("repository:\(name)/nested") == false)
            let update = items.first { $0["action"] as? String == "repository.update" } ?? [:]
            #expect((update["before"] as? [String: Any])?["scanOnPush"] as? Bool == false)
            #expect((update["after"] as? [String: Any])?["scanOnPush"] as? Bool == true)

            let first = try await app.request("GET", "/v1/repositories/\(name)/history?limit=2", token: app.viewerToken)
            #expect((first.json["items"] as? [Any])?.count == 2)
            let next = try #require(first.json["next"] as? String)
            let second = try await app.request(
                "GET",
                "/v1/repositories/\(name)/history?limit=2&cursor=\(next)",
                token: app.viewerToken
            )
            let secondActions = (second.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(secondActions == ["repository.create"])
        }
    }
}
