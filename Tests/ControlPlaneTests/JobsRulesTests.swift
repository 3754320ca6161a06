import Foundation
import Testing

@testable import ControlPlane

@Suite("Job rules")
struct JobsRulesTests {
    @Test("final state from destination statuses")
    func finalState() {
        #expect(JobRollup.finalState(statuses: [.verified, .verified], deadlinePassed: false) == .succeeded)
        #expect(JobRollup.finalState(statuses: [.verified, .verified], deadlinePassed: true) == .succeeded)
        #expect(JobRollup.finalState(statuses: [.verified, .pending], deadlinePassed: false) == nil)
        #expect(JobRollup.finalState(statuses: [.verified, .pending], deadlinePassed: true) == .failed)
        #expect(JobRollup.finalState(statuses: [.failed, .pending], deadlinePassed: false) == nil)
        #expect(JobRollup.finalState(statuses: [.failed, .verified], deadlinePassed: false) == .failed)
    }

    @Test("backoff doubles up to the maximum")
    func backoffDoubles() {
        let delays = (1...8).map { JobRollup.backoff(checks: $0, initial: 2, maximum: 60) }
        #expect(delays == [2, 4, 8, 16, 32, 60, 60, 60])
        #expect(JobRollup.backoff(checks: 0, initial: 2, maximum: 60) == 2)
        #expect(JobRollup.backoff(checks: 10_000, initial: 2, maximum: 60) == 60)
    }

    @Test("job request validation names each field")
    func requestValidation() {
        let request = JobRequest(
            repository: "Bad_Name",
            digest: "sha256:XYZ",
            tag: "",
            destinations: [ReplicationDestination(region: "mars", registryId: "12")],
            deadlineSeconds: 0,
            trigger: .api,
            pipeline: ReplicationJob.Pipeline(url: String(repeating: "u", count: 3_000))
        )
        var fields: [String] = []
        do {
            try request.validate()
        } catch {
            fields = error.errors.map(\.field)
        }
        #expect(fields.contains("repository"))
        #expect(fields.contains("digest"))
        #expect(fields.contains("tag"))
        #expect(fields.contains("deadlineSeconds"))
        #expect(fields.contains("destinations[0].region"))
        #expect(fields.contains("destinations[0].registryId"))
        #expect(fields.contains("pipeline.url"))
    }

    @Test("digest form")
    func digestForm() {
        #expect(JobRequest.isDigest("sha256:" + String(repeating: "a", count: 64)))
        #expect(!JobRequest.isDigest("sha256:" + String(repeating: "A", count: 64)))
        #expect(!JobRequest.isDigest("sha512:" + String(repeating: "a", count: 64)))
        #expect(!JobRequest.isDigest("sha256:" + String(repeating: "a", count: 63)))
    }

    @Test("topic region from ARN")
    func topicRegion() {
        #expect(JobAlertPublisher.region(ofTopic: "arn:aws:sns:eu-west-1:123456789012:alerts") == "eu-west-1")
        #expect(JobAlertPublisher.region(ofTopic: "arn:aws:sqs:eu-west-1:123456789012:alerts") == nil)
        #expect(JobAlertPublisher.region(ofTopic: "alerts") == nil)
    }
}
