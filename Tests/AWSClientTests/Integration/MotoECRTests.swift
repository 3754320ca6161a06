import Crypto
import Foundation
import Testing

@testable import AWSClient

/// ECR operations against the shared moto, each test in repositories of its own.
@Suite(.enabled(if: TestSupport.motoAvailable))
struct MotoECRTests {
    let client = TestSupport.motoClient()

    @Test func repositoryLifecycle() async throws {
        let ecr = self.client.ecr(region: "us-east-1")
        let name = TestSupport.uniqueName("team/app")
        let created = try await ecr.createRepository(
            CreateRepositoryRequest(
                repositoryName: name,
                tags: [ECRTag(key: "owner", value: "tests")],
                imageTagMutability: .immutable,
                imageScanningConfiguration: ImageScanningConfiguration(scanOnPush: true)
            )
        )
        let repository = try #require(created.repository)
        #expect(repository.repositoryName == name)
        #expect(repository.imageTagMutability == .immutable)
        #expect(repository.repositoryArn?.hasSuffix("repository/\(name)") == true)
        #expect(repository.createdAt != nil)

        let described = try await ecr.allRepositories(DescribeRepositoriesRequest(repositoryNames: [name]))
        #expect(described.map(\.repositoryName) == [name])

        let scanning = try await ecr.putImageScanningConfiguration(
            PutImageScanningConfigurationRequest(
                repositoryName: name,
                imageScanningConfiguration: ImageScanningConfiguration(scanOnPush: false)
            )
        )
        #expect(scanning.imageScanningConfiguration?.scanOnPush == false)

        let mutability = try await ecr.putImageTagMutability(
            PutImageTagMutabilityRequest(repositoryName: name, imageTagMutability: .mutable)
        )
        #expect(mutability.imageTagMutability == .mutable)

        try await ecr.tagResource(
            TagResourceRequest(resourceArn: repository.repositoryArn ?? "", tags: [ECRTag(key: "team", value: "a")])
        )

        let deleted = try await ecr.deleteRepository(DeleteRepositoryRequest(repositoryName: name, force: true))
        #expect(deleted.repository?.repositoryName == name)
        await #expect(throws: AWSError.self) {
            _ = try await ecr.describeRepositories(DescribeRepositoriesRequest(repositoryNames: [name]))
        }
    }

    @Test func missingRepositoryIsTypedNotFound() async throws {
        let ecr = self.client.ecr(region: "us-east-1")
        let error = try await #require(throws: AWSError.self) {
            _ = try await ecr.describeRepositories(
                DescribeRepositoriesRequest(repositoryNames: [TestSupport.uniqueName("missing")])
            )
        }
        #expect(error.code == "RepositoryNotFoundException")
        #expect(error.kind == .service)
        #expect(error.statusCode == 400)
        #expect(error.isNotFound)
        #expect(error.operation == "DescribeRepositories")
    }

    @Test func repositoryInOneRegionIsInvisibleInAnother() async throws {
        let name = TestSupport.uniqueName("isolated")
        let west = self.client.ecr(region: "us-west-2")
        let east = self.client.ecr(region: "us-east-1")
        _ = try await west.createRepository(CreateRepositoryRequest(repositoryName: name))

        let inWest = try await west.describeRepositories(DescribeRepositoriesRequest(repositoryNames: [name]))
        #expect(inWest.repositories?.first?.repositoryArn?.contains(":us-west-2:") == true)
        let error = try await #require(throws: AWSError.self) {
            _ = try await east.describeRepositories(DescribeRepositoriesRequest(repositoryNames: [name]))
        }
        #expect(error.code == "RepositoryNotFoundException")
        _ = try await west.deleteRepository(DeleteRepositoryRequest(repositoryName: name, force: true))
    }

    @Test func lifecycleAndRepositoryPolicies() async throws {
        let ecr = self.client.ecr(region: "us-east-1")
        let name = TestSupport.uniqueName("policies")
        _ = try await ecr.createRepository(CreateRepositoryRequest(repositoryName: name))
        let lifecycle = """
            {"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed",\
            "countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}
            """
        let put = try await ecr.putLifecyclePolicy(
            PutLifecyclePolicyRequest(repositoryName: name, lifecyclePolicyText: lifecycle)
        )
        #expect(put.repositoryName == name)
        let fetched = try await ecr.getLifecyclePolicy(LifecyclePolicyRequest(repositoryName: name))
        #expect(try Self.sameJSON(fetched.lifecyclePolicyText, lifecycle))
        _ = try await ecr.deleteLifecyclePolicy(LifecyclePolicyRequest(repositoryName: name))
        let afterDelete = try await #require(throws: AWSError.self) {
            _ = try await ecr.getLifecyclePolicy(LifecyclePolicyRequest(repositoryName: name))
        }
        #expect(afterDelete.code == "LifecyclePolicyNotFoundException")

        let policy = """
            {"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["ecr:BatchGetImage"]}]}
            """
        _ = try await ecr.setRepositoryPolicy(SetRepositoryPolicyRequest(repositoryName: name, policyText: policy))
        let repositoryPolicy = try await ecr.getRepositoryPolicy(RepositoryPolicyRequest(repositoryName: name))
        #expect(try Self.sameJSON(repositoryPolicy.policyText, policy))
        _ = try await ecr.deleteRepositoryPolicy(RepositoryPolicyRequest(repositoryName: name))
        let missingPolicy = try await #require(throws: AWSError.self) {
            _ = try await ecr.getRepositoryPolicy(RepositoryPolicyRequest(repositoryName: name))
        }
        #expect(missingPolicy.code == "RepositoryPolicyNotFoundException")
        _ = try await ecr.deleteRepository(DeleteRepositoryRequest(repositoryName: name, force: true))
    }

    @Test func registryReplicationAndPolicy() async throws {
        // A region of its own, because the registry's settings are shared by every test in a region.
        let ecr = self.client.ecr(region: "ap-southeast-2")
        let registry = try await ecr.describeRegistry()
        let registryId = try #require(registry.registryId)
        #expect(registryId.count == 12)

        let configuration = ReplicationConfiguration(rules: [
            ReplicationRule(
                destinations: [ReplicationDestination(region: "eu-west-1", registryId: registryId)],
                repositoryFilters: [RepositoryFilter(filter: "team")]
            )
        ])
        let put = try await ecr.putReplicationConfiguration(
            PutReplicationConfigurationRequest(replicationConfiguration: configuration)
        )
        #expect(put.replicationConfiguration == configuration)
        let described = try await ecr.describeRegistry()
        #expect(described.replicationConfiguration?.rules.first?.destinations.first?.region == "eu-west-1")

        let policy = """
            {"Version":"2012-10-17","Statement":[{"Sid":"replicate","Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::\(registryId):root"},"Action":["ecr:ReplicateImage"],\
            "Resource":"arn:aws:ecr:ap-southeast-2:\(registryId):repository/*"}]}
            """
        let putPolicy = try await ecr.putRegistryPolicy(PutRegistryPolicyRequest(policyText: policy))
        #expect(putPolicy.registryId == registryId)
        let fetched = try await ecr.getRegistryPolicy()
        #expect(try Self.sameJSON(fetched.policyText, policy))
        _ = try await ecr.deleteRegistryPolicy()
        let missing = try await #require(throws: AWSError.self) { _ = try await ecr.getRegistryPolicy() }
        #expect(missing.code == "RegistryPolicyNotFoundException")
    }

    @Test func authorizationToken() async throws {
        let token = try await self.client.ecr(region: "us-east-1").getAuthorizationToken()
        let data = try #require(token.authorizationData?.first)
        let decoded = Data(base64Encoded: data.authorizationToken ?? "").map { String(decoding: $0, as: UTF8.self) }
        #expect(decoded?.hasPrefix("AWS:") == true)
        #expect(data.expiresAt != nil)
        #expect(data.proxyEndpoint?.hasPrefix("https://") == true)
    }

    @Test func operationsMotoLacksReturnTypedErrors() async throws {
        let ecr = self.client.ecr(region: "us-east-1")
        let name = TestSupport.uniqueName("lacking")
        _ = try await ecr.createRepository(CreateRepositoryRequest(repositoryName: name))
        let digest = "sha256:" + String(repeating: "a", count: 64)
        let download = try await #require(throws: AWSError.self) {
            _ = try await ecr.getDownloadUrlForLayer(
                GetDownloadUrlForLayerRequest(repositoryName: name, layerDigest: digest)
            )
        }
        #expect(download.kind == .service)
        #expect(download.statusCode == 500 || download.statusCode == 501 || download.statusCode == 404)
        #expect(download.operation == "GetDownloadUrlForLayer")

        let replication = try await #require(throws: AWSError.self) {
            _ = try await ecr.describeImageReplicationStatus(
                DescribeImageReplicationStatusRequest(
                    repositoryName: name,
                    imageId: ImageIdentifier(imageDigest: digest)
                )
            )
        }
        #expect(replication.kind == .service)
        #expect(replication.statusCode != nil)
        _ = try await ecr.deleteRepository(DeleteRepositoryRequest(repositoryName: name, force: true))
    }

    static func sameJSON(_ lhs: String?, _ rhs: String) throws -> Bool {
        let left = try JSONSerialization.jsonObject(with: Data((lhs ?? "null").utf8)) as? NSDictionary
        let right = try JSONSerialization.jsonObject(with: Data(rhs.utf8)) as? NSDictionary
        return left != nil && left == right
    }
}
