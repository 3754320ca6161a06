import ControlPlane
import HTTPServer

/// `GET`/`PUT`/`DELETE /v1/registry-policy?region=…&account=…`: the registry policy of the source registry or
/// of a destination registry, which for a cross-account destination must let the source account replicate.
/// Every response reports that check as `replicationPermission`.
struct RegistryPolicyRoutes {
    let service: RegistryPolicyService

    init(registry: RegistryContext, changes: ChangeRecorder) {
        self.service = RegistryPolicyService(registry: registry, changes: changes)
    }

    func register(in router: inout Router<APIRoute>) {
        let path = "/v1/registry-policy"
        router.add(.get, path, APIRoute(minimumRole: .viewer, operation: "getRegistryPolicy", handler: self.show))
        router.add(.put, path, APIRoute(minimumRole: .admin, operation: "putRegistryPolicy", handler: self.replace))
        router.add(
            .delete,
            path,
            APIRoute(minimumRole: .admin, operation: "deleteRegistryPolicy", handler: self.remove)
        )
    }

    @Sendable func show(_ context: RequestContext) async throws -> HTTPResponse {
        let view = try await self.service.current(at: try await self.location(context))
        return try Self.response(view)
    }

    /// Stores the body as the registry policy. A `PUT` without `If-Match` is allowed and overwrites the policy.
    @Sendable func replace(_ context: RequestContext) async throws -> HTTPResponse {
        let body = try DocumentRequest.body(of: context.request)
        let location = try await self.location(context)
        let view = try await DocumentRequest.checkingPrecondition {
            try await self.service.put(
                body,
                at: location,
                ifMatch: context.request.headers["If-Match"],
                origin: ChangeRecorder.Origin(actor: context.actor, requestId: context.requestId)
            )
        }
        return try Self.response(view)
    }

    @Sendable func remove(_ context: RequestContext) async throws -> HTTPResponse {
        let location = try await self.location(context)
        let view = try await DocumentRequest.checkingPrecondition {
            try await self.service.delete(
                at: location,
                ifMatch: context.request.headers["If-Match"],
                origin: ChangeRecorder.Origin(actor: context.actor, requestId: context.requestId)
            )
        }
        return try Self.response(view)
    }

    private func location(_ context: RequestContext) async throws -> RegistryPolicyService.Location {
        try await self.service.location(
            region: context.request.query("region"),
            account: context.request.query("account")
        )
    }

    private static func response(_ view: RegistryPolicyView) throws -> HTTPResponse {
        guard let text = view.policyText else {
            return try .json(view)
        }
        return try .json(view, headers: ["ETag": EntityTag(of: text).value])
    }
}
