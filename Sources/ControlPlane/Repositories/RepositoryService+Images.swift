import AWSClient

extension RepositoryService {
    /// Returns one page of the source repository's images, newest push first.
    ///
    /// - Throws: `ValidationError` for a cursor this list did not return; `AWSError` with
    ///   `RepositoryNotFoundException` when the repository does not exist.
    public func images(
        _ name: RepositoryName,
        limit: Int,
        cursor: String?
    ) async throws -> RepositoryListPage<RepositoryImage> {
        if let cursor {
            _ = try RepositoryListCursor.decode(cursor, kind: .images)
        }
        let ecr = try await self.registry.ecr(region: try self.registry.sourceRegion())
        let details = try await ecr.allImageDetails(DescribeImagesRequest(repositoryName: name.rawValue))
        let images = details.map(RepositoryImage.init).sorted { $0.sortKey < $1.sortKey }
        let page = try RepositoryListCursor.page(images, limit: limit, cursor: cursor, kind: .images) { $0.sortKey }
        return RepositoryListPage(items: page.items, next: page.next)
    }

    /// Returns one page of the audit events of repository `name` and its lifecycle and repository policies,
    /// newest first.
    ///
    /// - Throws: `AuditLogError` of kind `.invalidCursor` for a cursor this history did not return.
    public func history(of name: RepositoryName, limit: Int, cursor: String?) async throws -> AuditPage {
        let target = Self.auditTarget(name.rawValue)
        // The audit log's subtree also contains repositories whose names continue with `/`, such as
        // `team/app/worker` under `team/app`, so only the repository and its two policy targets are kept.
        let historyTargets: Set<String> = [target, target + "/lifecycle-policy", target + "/policy"]
        var items: [AuditEvent] = []
        var pageCursor = cursor
        while true {
            let page = try await self.changes.auditLog.history(
                of: target,
                limit: AuditPageSize.maximumLimit,
                cursor: pageCursor
            )
            for (index, event) in page.items.enumerated() where historyTargets.contains(event.target) {
                items.append(event)
                if items.count == limit {
                    let more = index < page.items.count - 1 || page.next != nil
                    return AuditPage(items: items, next: more ? AuditCursor.encode(lastId: event.id) : nil)
                }
            }
            guard let next = page.next else {
                return AuditPage(items: items, next: nil)
            }
            pageCursor = next
        }
    }
}
