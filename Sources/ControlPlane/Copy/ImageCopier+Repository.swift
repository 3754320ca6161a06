import AWSClient

extension ImageCopier {
    /// Creates the destination repository with the source repository's tag mutability, scan-on-push and
    /// encryption type when it does not exist, and returns whether it created it. An existing destination
    /// repository is left as it is.
    func ensureRepository(_ copy: inout ImageCopyRun) async throws -> Bool {
        let source = try await self.describeRepository(at: copy.source, in: copy)
        guard let source else {
            throw copy.error(.ensureRepository, at: copy.source, "the source repository does not exist")
        }
        if try await self.describeRepository(at: copy.destination, in: copy) != nil {
            return false
        }
        let request = ECRCreateRepositoryRequest(
            repositoryName: copy.repository,
            registryId: copy.destination.registryId,
            imageTagMutability: source.imageTagMutability,
            imageScanningConfiguration: source.imageScanningConfiguration,
            encryptionConfiguration: Self.destinationEncryption(of: source.encryptionConfiguration)
        )
        do {
            _ = try await copy.destination.ecr.createRepository(request)
            return true
        } catch let error as AWSError where error.code == "RepositoryAlreadyExistsException" {
            // Another copy created it between DescribeRepositories and CreateRepository.
            return false
        } catch let error as AWSError {
            throw copy.error(.ensureRepository, at: copy.destination, "CreateRepository failed", awsError: error)
        }
    }

    /// Returns the repository of the copy at `endpoint`, or nil when it does not exist.
    private func describeRepository(at endpoint: CopyEndpoint, in copy: ImageCopyRun) async throws -> Repository? {
        do {
            let response = try await endpoint.ecr.describeRepositories(
                DescribeRepositoriesRequest(registryId: endpoint.registryId, repositoryNames: [copy.repository])
            )
            return response.repositories?.first { $0.repositoryName == copy.repository }
        } catch let error as AWSError where error.code == "RepositoryNotFoundException" {
            return nil
        } catch let error as AWSError {
            throw copy.error(.ensureRepository, at: endpoint, "DescribeRepositories failed", awsError: error)
        }
    }

    /// Returns the encryption for a destination repository: the source's type, without its KMS key.
    // NOTE: a customer managed KMS key is an ARN in the source region and account, which the destination
    // cannot use, so a KMS repository is created with the AWS managed key of the destination instead.
    static func destinationEncryption(of source: EncryptionConfiguration?) -> EncryptionConfiguration? {
        source.map { EncryptionConfiguration(encryptionType: $0.encryptionType, kmsKey: nil) }
    }
}
