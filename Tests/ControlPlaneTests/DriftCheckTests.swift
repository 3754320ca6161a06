import AWSClient
import Foundation
import Testing

@testable import ControlPlane

/// Unit tests of the pure drift checks: production rules, replica comparison and the rule time.
@Suite struct DriftCheckTests {
    static func description(
        _ name: String,
        region: String,
        scanOnPush: Bool,
        mutability: ImageTagMutability,
        encryption: String = "AES256"
    ) -> RepositoryDescription {
        RepositoryDescription(
            Repository(
                repositoryName: name,
                imageTagMutability: mutability,
                imageScanningConfiguration: ImageScanningConfiguration(scanOnPush: scanOnPush),
                encryptionConfiguration: EncryptionConfiguration(encryptionType: encryption)
            ),
            region: region
        )
    }

    static func context(_ source: RepositoryDescription, lifecycle: String? = nil, production: String? = nil)
        -> DriftCheck.Context
    {
        DriftCheck.Context(
            name: source.name,
            source: source,
            sourcePolicies: (lifecycle, nil),
            productionPrefix: production
        )
    }

    static let destination = ControlPlane.ReplicationDestination(region: "eu-south-1", registryId: "123456789012")

    @Test func productionRepositoryWithMutableTagsAndNoScanning() {
        let source = Self.description("prod/app", region: "eu-north-1", scanOnPush: false, mutability: .mutable)
        let findings = DriftCheck.productionFindings(Self.context(source, production: "prod/"))
        #expect(findings.map(\.kind) == ["productionTagsMutable", "productionScanOnPushOff"])
        #expect(findings.first?.severity == .high)
        #expect(findings.first?.remediation?.tagMutability == .immutable)
        #expect(DriftCheck.productionFindings(Self.context(source, production: "release/")).isEmpty)
    }

    @Test func replicaOfProductionRepositoryMustFollowProductionRules() {
        let source = Self.description("prod/app", region: "eu-north-1", scanOnPush: false, mutability: .mutable)
        let replica = Self.description("prod/app", region: "eu-south-1", scanOnPush: false, mutability: .mutable)
        let findings = DriftCheck.replicaFindings(
            Self.context(source, production: "prod/"),
            replica: replica,
            policies: (nil, nil),
            at: Self.destination
        )
        #expect(findings.map(\.kind) == ["settingsDiffer"])
        #expect(findings.first?.remediation?.scanOnPush == true)
        #expect(findings.first?.remediation?.tagMutability == .immutable)
    }

    @Test func encryptionAndPolicyDifferences() {
        let source = Self.description("team/app", region: "eu-north-1", scanOnPush: true, mutability: .immutable)
        let replica = Self.description(
            "team/app",
            region: "eu-south-1",
            scanOnPush: true,
            mutability: .immutable,
            encryption: "KMS"
        )
        let findings = DriftCheck.replicaFindings(
            Self.context(source, lifecycle: #"{"rules": []}"#),
            replica: replica,
            policies: (#"{ "rules" : [ ] }"#, #"{"Version":"2012-10-17"}"#),
            at: Self.destination
        )
        #expect(findings.map(\.kind) == ["encryptionDiffers", "repositoryPolicyDiffers"])
        #expect(findings.first?.remediation == nil)
        #expect(findings.last?.remediation?.action == "deleteRepositoryPolicy")
    }

    @Test func coverageStartIsLatestUnbrokenStretch() {
        let covering = ControlPlane.ReplicationConfiguration(rules: [
            ControlPlane.ReplicationRule(
                destinations: [Self.destination],
                repositoryFilters: [ControlPlane.RepositoryFilter(filter: "team/")]
            )
        ])
        let other = ControlPlane.ReplicationConfiguration(rules: [
            ControlPlane.ReplicationRule(
                destinations: [Self.destination],
                repositoryFilters: [ControlPlane.RepositoryFilter(filter: "other/")]
            )
        ])
        let times = (0..<4).map { Date(timeIntervalSince1970: Double($0) * 1_000) }
        let history = [(times[0], covering), (times[1], other), (times[2], covering), (times[3], covering)]
        #expect(DriftCheck.coverageStart(of: "team/app", at: Self.destination, history: history) == times[2])
        #expect(
            DriftCheck.coverageStart(of: "team/app", at: Self.destination, history: history + [(times[3], other)])
                == nil
        )
        #expect(DriftCheck.coverageStart(of: "team/app", at: Self.destination, history: []) == nil)
    }
}
