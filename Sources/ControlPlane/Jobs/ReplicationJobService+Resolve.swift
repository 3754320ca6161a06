import AWSClient
import Foundation

extension ReplicationJobService {
    /// Resolves the digest (from the tag when none is given), the push time and the destinations of `request`.
    func draft(for request: JobRequest, requester: String) async throws -> JobDraft {
        let region = try self.registry.sourceRegion()
        let account = try await self.registry.sourceAccount()
        let image = try await self.sourceImage(request, region: region, account: account)
        let source = ReplicationDestination(region: region, registryId: account)
        let destinations = try await self.destinations(for: request, source: source)
        return JobDraft(
            repository: request.repository,
            digest: image.digest,
            tag: request.tag,
            sourceRegion: region,
            sourceAccount: account,
            trigger: request.trigger,
            mode: request.mode,
            requester: requester,
            deadlineSeconds: request.deadlineSeconds ?? self.defaultDeadlineSeconds,
            pushedAt: image.pushedAt,
            pipeline: request.pipeline,
            destinations: destinations
        )
    }

    /// Returns the digest and push time of the requested image in the source repository.
    private func sourceImage(_ request: JobRequest, region: String, account: String) async throws -> (
        digest: String, pushedAt: Date?
    ) {
        let imageId = ImageIdentifier(imageDigest: request.digest, imageTag: request.digest == nil ? request.tag : nil)
        let name = request.digest ?? "tag \(request.tag ?? "")"
        do {
            let response = try await self.registry.ecr(region: region).describeImages(
                DescribeImagesRequest(repositoryName: request.repository, registryId: account, imageIds: [imageId])
            )
            guard let detail = response.imageDetails?.first, let digest = detail.imageDigest else {
                throw ReplicationJobError(
                    .sourceImageNotFound,
                    "Image \(name) is not in repository \(request.repository)."
                )
            }
            return (digest, detail.imagePushedAt)
        } catch let error as AWSError where error.code == "ImageNotFoundException" {
            throw ReplicationJobError(
                .sourceImageNotFound,
                "Image \(name) is not in repository \(request.repository) in \(region); "
                    + "push it before creating the job."
            )
        } catch let error as AWSError where error.code == "RepositoryNotFoundException" {
            throw ReplicationJobError(
                .sourceImageNotFound,
                "Repository \(request.repository) does not exist in \(region); push the image before creating the job."
            )
        }
    }

    /// Returns the destinations given in the request, else those of the replication rules and copy rules that
    /// match, without duplicates and without the source registry itself.
    private func destinations(for request: JobRequest, source: ReplicationDestination) async throws
        -> [JobDraft.Destination]
    {
        let copies = request.mode == .copy
        var candidates: [JobDraft.Destination]
        if let explicit = request.destinations {
            candidates = explicit.map { JobDraft.Destination(destination: $0, route: .explicit, copies: copies) }
        } else {
            let service = ReplicationConfigurationService(
                registry: self.registry,
                changes: ChangeRecorder(auditLog: self.auditLog)
            )
            candidates = try await service.destinations(forRepository: request.repository).map {
                JobDraft.Destination(destination: $0, route: .replication, copies: copies)
            }
            let copyDestinations = try await self.copyRules?.copyDestinations(
                forRepository: request.repository,
                tag: request.tag
            )
            candidates += (copyDestinations ?? []).map {
                JobDraft.Destination(destination: $0, route: .copy, copies: true)
            }
        }
        var seen: Set<ReplicationDestination> = [source]
        let destinations = candidates.filter { seen.insert($0.destination).inserted }
        guard !destinations.isEmpty else {
            throw ReplicationJobError(
                .noDestinations,
                "Repository \(request.repository) matches no replication rule or copy rule; pass destinations."
            )
        }
        return destinations
    }
}
