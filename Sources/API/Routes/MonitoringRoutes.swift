import ControlPlane
import HTTPServer

/// `POST`/`GET`/`DELETE /v1/monitoring/provision`: the alert topic, dashboard and alarms in the source region.
struct MonitoringRoutes {
    let service: MonitoringService
    let defaultNamespace: String

    func register(in router: inout Router<APIRoute>) {
        router.add(
            .post,
            "/v1/monitoring/provision",
            APIRoute(minimumRole: .admin, operation: "provisionMonitoring", handler: self.provision)
        )
        router.add(
            .get,
            "/v1/monitoring/provision",
            APIRoute(minimumRole: .viewer, operation: "getMonitoring", handler: self.show)
        )
        router.add(
            .delete,
            "/v1/monitoring/provision",
            APIRoute(minimumRole: .admin, operation: "deleteMonitoring", handler: self.tearDown)
        )
    }

    /// Creates what is missing and updates what differs; a repeat with the same body returns `changed: false`.
    @Sendable func provision(_ context: RequestContext) async throws -> HTTPResponse {
        let body = try BodyMembers.decode(
            MonitoringProvisionBody.self,
            from: context.request,
            allowed: MonitoringProvisionBody.members,
            empty: MonitoringProvisionBody()
        )
        let settings = try body.settings(defaultNamespace: self.defaultNamespace)
        let origin = ChangeRecorder.Origin(actor: context.actor, requestId: context.requestId)
        return try .json(try await self.service.provision(settings, origin: origin))
    }

    @Sendable func show(_ context: RequestContext) async throws -> HTTPResponse {
        try .json(try await self.service.current(namePrefix: try Self.namePrefix(context)))
    }

    @Sendable func tearDown(_ context: RequestContext) async throws -> HTTPResponse {
        let origin = ChangeRecorder.Origin(actor: context.actor, requestId: context.requestId)
        return try .json(try await self.service.tearDown(namePrefix: try Self.namePrefix(context), origin: origin))
    }

    /// Reads `?namePrefix=`, defaulting to the prefix provisioning uses by default.
    static func namePrefix(_ context: RequestContext) throws -> String {
        let prefix = context.request.query("namePrefix") ?? MonitoringSettings.defaultNamePrefix
        do {
            try MonitoringSettings.validateNamePrefix(prefix, field: .root)
        } catch {
            throw APIError.invalidField("namePrefix", error.errors.first?.message ?? "is invalid")
        }
        return prefix
    }
}
