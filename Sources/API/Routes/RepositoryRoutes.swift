import ControlPlane
import HTTPServer

/// `/v1/repositories`: create, list, read, change and delete repositories, list their images and read
/// their audit history. Reads need the viewer role, changes the admin role.
///
/// The query option `replicas=true` makes a create, change or delete act on every replica too: the
/// repository of the same name in each destination of the replication rules matching the name.
struct RepositoryRoutes {
    let service: RepositoryService

    func register(in router: inout Router<APIRoute>) {
        router.add(
            .post,
            "/v1/repositories",
            APIRoute(minimumRole: .admin, operation: "createRepository", handler: self.create)
        )
        router.add(
            .get,
            "/v1/repositories",
            APIRoute(minimumRole: .viewer, operation: "listRepositories", handler: self.list)
        )
        router.add(
            .get,
            "/v1/repositories/{name+}",
            APIRoute(minimumRole: .viewer, operation: "getRepository", handler: self.show)
        )
        router.add(
            .patch,
            "/v1/repositories/{name+}",
            APIRoute(minimumRole: .admin, operation: "updateRepository", handler: self.update)
        )
        router.add(
            .delete,
            "/v1/repositories/{name+}",
            APIRoute(minimumRole: .admin, operation: "deleteRepository", handler: self.delete)
        )
        router.add(
            .get,
            "/v1/repositories/{name+}/images",
            APIRoute(minimumRole: .viewer, operation: "listRepositoryImages", handler: self.images)
        )
        router.add(
            .get,
            "/v1/repositories/{name+}/history",
            APIRoute(minimumRole: .viewer, operation: "getRepositoryHistory", handler: self.history)
        )
    }

    @Sendable func create(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        let includeReplicas = try Self.flag(request, "replicas")
        try JSONCoding.requireJSONContentType(request)
        // With the source region known, a KMS key ARN of another region is rejected before any AWS call.
        let region = self.service.registry.configuredSourceRegion.flatMap {
            try? AWSRegion(validating: $0, field: .root)
        }
        let body = try CreateRepositoryRequest(validating: request.body, region: region)
        let creation = try await self.service.create(
            body,
            includeReplicas: includeReplicas,
            origin: Self.origin(context)
        )
        return try .json(
            creation,
            status: .created,
            headers: ["Location": "/v1/repositories/\(creation.repository.name)"]
        )
    }

    @Sendable func list(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        let pagination = try Pagination(request)
        let page = try await self.service.list(
            prefix: request.query("prefix"),
            limit: pagination.limit,
            cursor: pagination.cursor
        )
        return try Pagination.response(items: page.items, next: page.next, request: request)
    }

    @Sendable func show(_ context: RequestContext) async throws -> HTTPResponse {
        try .json(try await self.service.detail(try Self.name(context)))
    }

    @Sendable func update(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        let name = try Self.name(context)
        let includeReplicas = try Self.flag(request, "replicas")
        try JSONCoding.requireJSONContentType(request)
        let body = try UpdateRepositoryRequest(validating: request.body)
        let update = try await self.service.update(
            name,
            body,
            includeReplicas: includeReplicas,
            origin: Self.origin(context)
        )
        return try .json(update)
    }

    @Sendable func delete(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        let name = try Self.name(context)
        let deletion = try await self.service.delete(
            name,
            force: try Self.flag(request, "force"),
            includeReplicas: try Self.flag(request, "replicas"),
            origin: Self.origin(context)
        )
        return try .json(deletion)
    }

    @Sendable func images(_ context: RequestContext) async throws -> HTTPResponse {
        let pagination = try Pagination(context.request)
        let page = try await self.service.images(
            try Self.name(context),
            limit: pagination.limit,
            cursor: pagination.cursor
        )
        return try Pagination.response(items: page.items, next: page.next, request: context.request)
    }

    @Sendable func history(_ context: RequestContext) async throws -> HTTPResponse {
        let pagination = try Pagination(context.request)
        let page = try await self.service.history(
            of: try Self.name(context),
            limit: pagination.limit,
            cursor: pagination.cursor
        )
        return Pagination.response(items: page.items.map(AuditEventDTO.init), next: page.next, request: context.request)
    }

    /// Validates the repository name in the path, so a name ECR would reject costs no AWS call.
    private static func name(_ context: RequestContext) throws -> RepositoryName {
        try RepositoryName(validating: context.parameter("name"), field: FieldPath.root.key("name"))
    }

    /// Reads a boolean query option: `true` or `false`, absent meaning false.
    private static func flag(_ request: HTTPRequest, _ name: String) throws -> Bool {
        switch request.query(name) {
        case nil, "false": return false
        case "true": return true
        case let text?: throw APIError.invalidField(name, "must be 'true' or 'false'; got '\(text)'")
        }
    }

    private static func origin(_ context: RequestContext) -> ChangeRecorder.Origin {
        ChangeRecorder.Origin(actor: context.actor, requestId: context.requestId)
    }
}
