import Foundation
import Store
import Testing

@testable import ControlPlane

@Suite("ReplicationJobStore")
struct JobsStoreTests {
    let store = ReplicationJobStore()
    let west = ReplicationDestination(region: "us-west-2", registryId: "123456789012")
    let europe = ReplicationDestination(region: "eu-west-1", registryId: "123456789012")

    func draft(deadlineSeconds: Int = 60, digest: String = "sha256:" + String(repeating: "a", count: 64)) -> JobDraft {
        JobDraft(
            repository: "jobs-store",
            digest: digest,
            tag: "v1",
            sourceRegion: "us-east-1",
            sourceAccount: "123456789012",
            trigger: .api,
            mode: .verify,
            requester: "test",
            deadlineSeconds: deadlineSeconds,
            pushedAt: Date(timeIntervalSince1970: 1_000),
            pipeline: nil,
            destinations: [
                JobDraft.Destination(destination: self.west, route: .replication, copies: false),
                JobDraft.Destination(destination: self.europe, route: .explicit, copies: false),
            ]
        )
    }

    @Test("expired lease is taken by another owner")
    func expiredLeaseIsTakenAgain() async throws {
        try await AuditTestDatabase.with { database, _ in
            let start = Date(timeIntervalSince1970: 2_000)
            let store = self.store
            let draft = self.draft()
            let id = try await database.write { try store.insert(draft, now: start, in: $0) }
            let first = try await database.write {
                try store.leaseDueJobs(owner: "a", limit: 10, now: start, leaseSeconds: 5, in: $0)
            }
            let whileLeased = try await database.write {
                try store.leaseDueJobs(owner: "b", limit: 10, now: start.addingTimeInterval(4), leaseSeconds: 5, in: $0)
            }
            let afterExpiry = try await database.write {
                try store.leaseDueJobs(owner: "b", limit: 10, now: start.addingTimeInterval(6), leaseSeconds: 5, in: $0)
            }
            #expect(first.map(\.id) == [id])
            #expect(first.first?.state == .running)
            #expect(whileLeased.isEmpty)
            #expect(afterExpiry.map(\.id) == [id])
        }
    }

    @Test("verified destination records latency from the push")
    func verifiedRecordsLatency() async throws {
        try await AuditTestDatabase.with { database, _ in
            let start = Date(timeIntervalSince1970: 2_000)
            let (store, draft, west) = (self.store, self.draft(), self.west)
            let id = try await database.write { try store.insert(draft, now: start, in: $0) }
            let check = DestinationCheck(
                destination: west,
                method: "describe-images",
                status: .verified,
                observedDigest: draft.digest,
                tagState: .matches,
                seenAt: Date(timeIntervalSince1970: 1_042)
            )
            let rolled = try await database.write { connection in
                try store.record(check, jobId: id, pushedAt: draft.pushedAt, now: start, in: connection)
                return try store.rollUp(jobId: id, now: start, nextCheckAt: start.addingTimeInterval(2), in: connection)
            }
            let job = try #require(rolled?.job)
            let destination = try #require(job.destinations.first { $0.destination == west })
            #expect(rolled?.finished == false)
            #expect(job.state == .queued)
            #expect(destination.status == .verified)
            #expect(destination.latencySeconds == 42)
            #expect(destination.tagState == .matches)
            #expect(job.verifiedCount == 1)
            #expect(job.nextCheckAt == start.addingTimeInterval(2))
        }
    }

    @Test("deadline marks pending destinations missing")
    func deadlineMarksMissing() async throws {
        try await AuditTestDatabase.with { database, _ in
            let start = Date(timeIntervalSince1970: 2_000)
            let (store, draft) = (self.store, self.draft(deadlineSeconds: 10))
            let id = try await database.write { try store.insert(draft, now: start, in: $0) }
            let late = start.addingTimeInterval(11)
            let rolled = try await database.write {
                try store.rollUp(jobId: id, now: late, nextCheckAt: late, in: $0)
            }
            let checks = try await database.read { try store.checks(jobId: id, limit: 10, in: $0) }
            #expect(rolled?.finished == true)
            #expect(rolled?.job.state == .failed)
            #expect(rolled?.job.destinations.map(\.status) == [.missing, .missing])
            #expect(rolled?.job.lastError?.contains("us-west-2") == true)
            #expect(checks.count == 2)
            #expect(checks.allSatisfy { $0.method == "deadline" })
        }
    }

    @Test("cancel and retry follow the states")
    func cancelAndRetry() async throws {
        try await AuditTestDatabase.with { database, _ in
            let start = Date(timeIntervalSince1970: 2_000)
            let (store, draft) = (self.store, self.draft())
            let id = try await database.write { try store.insert(draft, now: start, in: $0) }
            let retryQueued = await #expect(throws: ReplicationJobError.self) {
                try await database.write { try store.retry(id: id, now: start, in: $0) }
            }
            let cancelled = try await database.write { try store.cancel(id: id, now: start, in: $0) }
            let cancelAgain = await #expect(throws: ReplicationJobError.self) {
                try await database.write { try store.cancel(id: id, now: start, in: $0) }
            }
            let later = start.addingTimeInterval(100)
            let retried = try await database.write { try store.retry(id: id, now: later, in: $0) }
            let missing = await #expect(throws: ReplicationJobError.self) {
                try await database.write { try store.cancel(id: id + 1, now: start, in: $0) }
            }
            #expect(retryQueued?.kind == .invalidState)
            #expect(cancelled.after.state == .cancelled)
            #expect(cancelAgain?.kind == .invalidState)
            #expect(retried.after.state == .queued)
            #expect(retried.after.attempts == 2)
            #expect(retried.after.deadline == later.addingTimeInterval(60))
            #expect(missing?.kind == .notFound)
        }
    }

    @Test("list pages newest first with filters")
    func listPages() async throws {
        try await AuditTestDatabase.with { database, _ in
            let store = self.store
            let otherDigest = "sha256:" + String(repeating: "b", count: 64)
            let drafts = [self.draft(), self.draft(digest: otherDigest), self.draft(), self.draft()]
            let ids = try await database.write { connection in
                try drafts.map { try store.insert($0, now: Date(), in: connection) }
            }
            let service = ReplicationJobService(
                database: database,
                registry: RegistryContext(
                    aws: .init(configuration: .init(environment: [:])),
                    sourceRegion: nil,
                    sourceAccount: nil
                ),
                copyRules: nil
            )
            let first = try await service.list(filter: JobFilter(), limit: 3, cursor: nil)
            let second = try await service.list(filter: JobFilter(), limit: 3, cursor: first.next)
            let byDigest = try await service.list(filter: JobFilter(digest: otherDigest), limit: 10, cursor: nil)
            let invalid = await #expect(throws: ReplicationJobError.self) {
                try await service.list(filter: JobFilter(), limit: 3, cursor: "bogus")
            }
            #expect(first.items.map(\.id) == Array(ids.reversed().prefix(3)))
            #expect(first.next != nil)
            #expect(second.items.map(\.id) == [ids[0]])
            #expect(second.next == nil)
            #expect(byDigest.items.map(\.id) == [ids[1]])
            #expect(invalid?.field == "cursor")
        }
    }

    @Test("ended long-polls return the running job at once")
    func endedLongPollsReturnAtOnce() async throws {
        try await AuditTestDatabase.with { database, _ in
            let store = self.store
            let draft = self.draft()
            let id = try await database.write { try store.insert(draft, now: Date(), in: $0) }
            let service = ReplicationJobService(
                database: database,
                registry: RegistryContext(
                    aws: .init(configuration: .init(environment: [:])),
                    sourceRegion: nil,
                    sourceAccount: nil
                ),
                copyRules: nil
            )
            let clock = ContinuousClock()
            let started = clock.now
            async let waited = service.waitForFinalState(id: id, timeout: .seconds(30))
            try await Task.sleep(for: .milliseconds(300))
            service.endLongPolls()
            let job = try await waited
            #expect(job.id == id)
            #expect(!job.state.isFinal)
            #expect(clock.now - started < .seconds(5))
        }
    }
}
