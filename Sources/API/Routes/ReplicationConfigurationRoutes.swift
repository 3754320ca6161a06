import ControlPlane
import HTTPServer

/// `GET`/`PUT /v1/replication-configuration`: the source registry's replication configuration in ECR's own
/// JSON shape, with an `ETag` and `If-Match` so two writers cannot silently overwrite each other.
struct ReplicationConfigurationRoutes {
    let service: ReplicationConfigurationService

    init(registry: RegistryContext, changes: ChangeRecorder) {
        self.service = ReplicationConfigurationService(registry: registry, changes: changes)
    }

    func register(in router: inout Router<APIRoute>) {
        router.add(
            .get,
            "/v1/replication-configuration",
            APIRoute(minimumRole: .viewer, operation: "getReplicationConfiguration", handler: self.show)
        )
        router.add(
            .put,
            "/v1/replication-configuration",
            APIRoute(minimumRole: .admin, operation: "putReplicationConfiguration", handler: self.replace)
        )
    }

    @Sendable func show(_ context: RequestContext) async throws -> HTTPResponse {
        try Self.response(for: try await self.service.current())
    }

    /// Replaces the configuration, or with `?dryRun=true` only reports what it would replicate. A `PUT`
    /// without `If-Match` is allowed and overwrites the current configuration.
    @Sendable func replace(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        let dryRun = try DocumentRequest.flag("dryRun", in: request)
        let body = try DocumentRequest.body(of: request)
        let ifMatch = request.headers["If-Match"]
        if dryRun {
            let result = try await DocumentRequest.checkingPrecondition {
                try await self.service.dryRun(body, ifMatch: ifMatch)
            }
            return try .json(result)
        }
        let origin = ChangeRecorder.Origin(actor: context.actor, requestId: context.requestId)
        let snapshot = try await DocumentRequest.checkingPrecondition {
            try await self.service.replace(with: body, ifMatch: ifMatch, origin: origin)
        }
        return try Self.response(for: snapshot)
    }

    private static func response(for snapshot: ReplicationConfigurationSnapshot) throws -> HTTPResponse {
        try .json(snapshot.configuration, headers: ["ETag": snapshot.entityTag.value])
    }
}
