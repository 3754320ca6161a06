import AWSClient
import Foundation

extension ReplicationJobRunner {
    /// Returns the checks of one round for every pending destination of `jobs`: copies first where a
    /// destination needs one, then ECR's replication status where it helps, then the batched lookups.
    func checks(for jobs: [ReplicationJob], now: Date) async -> [Int64: [DestinationCheck]] {
        var results: [Int64: [DestinationCheck]] = [:]
        for (jobId, checks) in await self.copies(for: jobs) {
            results[jobId, default: []] += checks
        }
        for (jobId, checks) in await self.replicationFailures(for: jobs) {
            results[jobId, default: []] += checks
        }
        var targets: [VerificationTarget] = []
        for job in jobs {
            let settled = Set((results[job.id] ?? []).filter { $0.status == .failed }.map(\.destination))
            for destination in job.destinations
            where destination.status == .pending && !settled.contains(destination.destination) {
                targets.append(
                    VerificationTarget(
                        jobId: job.id,
                        repository: job.repository,
                        digest: job.digest,
                        tag: job.tag,
                        destination: destination.destination
                    )
                )
            }
        }
        for (target, check) in await self.verifier.check(targets, now: now) {
            results[target.jobId, default: []].append(check)
        }
        return results
    }

    /// Copies the image into each pending destination that needs a copy and has none yet.
    private func copies(for jobs: [ReplicationJob]) async -> [Int64: [DestinationCheck]] {
        var work: [(ReplicationJob, JobDestination)] = []
        for job in jobs {
            for destination in job.destinations
            where destination.copies && destination.status == .pending && destination.copyReport == nil {
                work.append((job, destination))
            }
        }
        let checks = await boundedMap(work, limit: self.configuration.concurrency) { job, destination in
            (job.id, await self.copy(job, to: destination.destination))
        }
        return Dictionary(grouping: checks, by: \.0).mapValues { $0.map(\.1) }
    }

    private func copy(_ job: ReplicationJob, to destination: ReplicationDestination) async -> DestinationCheck {
        guard let copier = self.copier else {
            return DestinationCheck(
                destination: destination,
                method: "copy",
                status: .failed,
                error: "No image copier is configured in this server, so copy destinations cannot be served."
            )
        }
        let source = ReplicationDestination(region: job.sourceRegion, registryId: job.sourceAccount)
        // A copy can outlast the lease, and another server would then take the job too.
        // NOTE: the lease is renewed once per copy, so a single copy longer than `leaseSeconds` can still
        // run twice when several servers share the database.
        await self.renewLease(of: job)
        do {
            let report = try await copier.copy(
                repository: job.repository,
                digest: job.digest,
                from: source,
                to: destination
            )
            let json = String(decoding: (try? JSONEncoder().encode(report)) ?? Data(), as: UTF8.self)
            return DestinationCheck(destination: destination, method: "copy", status: .pending, copyReport: json)
        } catch {
            self.logger.debug(
                "Copying an image failed.",
                metadata: ["job.id": String(job.id), "job.destination": destination.description, "error": "\(error)"]
            )
            // A throttled or unreachable AWS is tried again at the next check; any other failure is final.
            return DestinationCheck(
                destination: destination,
                method: "copy",
                status: Self.isTransient(error) ? .pending : .failed,
                error: "The copy failed: \(error)"
            )
        }
    }

    private func renewLease(of job: ReplicationJob) async {
        let (owner, until) = (self.owner, Date().addingTimeInterval(self.configuration.leaseSeconds))
        do {
            _ = try await self.database.write { connection in
                try ReplicationJobStore().renewLease(id: job.id, owner: owner, until: until, in: connection)
            }
        } catch {
            self.logger.error(
                "Renewing a job lease failed.",
                metadata: ["job.id": String(job.id), "error": String(describing: error)]
            )
        }
    }

    /// Returns failed checks for destinations that ECR reports as FAILED in DescribeImageReplicationStatus.
    ///
    /// It is asked only from the second check of a job on, because a fresh push reports IN_PROGRESS anyway.
    /// Where the operation is unavailable (moto 5.2 returns an HTML 500 for it), the runner stops calling it
    /// in that region and relies on the lookups alone.
    private func replicationFailures(for jobs: [ReplicationJob]) async -> [Int64: [DestinationCheck]] {
        let candidates = jobs.filter { job in
            job.destinations.contains { $0.route == .replication && $0.status == .pending && $0.checks > 0 }
                && !self.replicationStatusUnavailable.withLock { $0.contains(job.sourceRegion) }
        }
        let checks = await boundedMap(candidates, limit: self.configuration.concurrency) { job in
            (job.id, await self.replicationFailures(of: job))
        }
        return Dictionary(uniqueKeysWithValues: checks)
    }

    private func replicationFailures(of job: ReplicationJob) async -> [DestinationCheck] {
        do {
            let ecr = try await self.registry.ecr(region: job.sourceRegion)
            let response = try await ecr.describeImageReplicationStatus(
                DescribeImageReplicationStatusRequest(
                    repositoryName: job.repository,
                    imageId: ImageIdentifier(imageDigest: job.digest),
                    registryId: job.sourceAccount
                )
            )
            let pending = Set(job.destinations.filter { $0.status == .pending }.map(\.destination))
            return (response.replicationStatuses ?? []).compactMap { status in
                guard status.status == "FAILED", let region = status.region, let registryId = status.registryId,
                    pending.contains(ReplicationDestination(region: region, registryId: registryId))
                else {
                    return nil
                }
                return DestinationCheck(
                    destination: ReplicationDestination(region: region, registryId: registryId),
                    method: "replication-status",
                    status: .failed,
                    error: "ECR reports replication FAILED (\(status.failureCode ?? "no failure code"))."
                )
            }
        } catch let error as AWSError where Self.isUnavailable(error) {
            self.replicationStatusUnavailable.withLock { _ = $0.insert(job.sourceRegion) }
            self.logger.notice(
                "DescribeImageReplicationStatus is unavailable; checking destinations directly.",
                metadata: ["aws.region": job.sourceRegion, "error": String(describing: error)]
            )
            return []
        } catch {
            self.logger.debug(
                "DescribeImageReplicationStatus failed; checking destinations directly.",
                metadata: ["job.id": String(job.id), "error": String(describing: error)]
            )
            return []
        }
    }

    /// True for failures that a later attempt may not hit: transport errors, timeouts, throttling and 5xx.
    static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? AWSError else {
            return false
        }
        let throttling = ["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"]
        return error.isTransportError || throttling.contains(error.code) || (error.statusCode ?? 0) >= 500
    }

    static func isUnavailable(_ error: AWSError) -> Bool {
        let codes = ["UnknownOperationException", "InvalidAction", "NotImplemented", "UnsupportedOperation"]
        return codes.contains(error.code) || error.statusCode == 500 || error.statusCode == 501
    }
}

/// Runs `body` on every element with at most `limit` calls at once and returns the results in any order.
func boundedMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element],
    limit: Int,
    _ body: @escaping @Sendable (Element) async -> Result
) async -> [Result] {
    await withTaskGroup(of: Result.self) { group in
        var results: [Result] = []
        var iterator = elements.makeIterator()
        for _ in 0..<max(1, limit) {
            guard let element = iterator.next() else {
                break
            }
            group.addTask { await body(element) }
        }
        while let result = await group.next() {
            results.append(result)
            if let element = iterator.next() {
                group.addTask { await body(element) }
            }
        }
        return results
    }
}
