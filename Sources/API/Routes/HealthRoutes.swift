import HTTPServer

/// The state `/readyz` reports: whether the database responds and its migrations are current.
public struct Readiness: Sendable, Encodable {
    public let ready: Bool
    public let database: String
    public let schemaVersion: Int
    public let latestSchemaVersion: Int

    public init(ready: Bool, database: String, schemaVersion: Int, latestSchemaVersion: Int) {
        self.ready = ready
        self.database = database
        self.schemaVersion = schemaVersion
        self.latestSchemaVersion = latestSchemaVersion
    }
}

/// `/healthz` (the process is alive) and `/readyz` (it can serve), both without a token.
struct HealthRoutes {
    let readiness: @Sendable () async -> Readiness

    private static let healthy = HTTPResponse(
        status: .ok,
        contentType: "application/json",
        text: "{\"status\":\"ok\"}"
    )

    func register(in router: inout Router<APIRoute>) {
        router.add(.get, "/healthz", APIRoute(minimumRole: nil, operation: "health") { _ in Self.healthy })
        router.add(.get, "/readyz", APIRoute(minimumRole: nil, operation: "readiness", handler: self.ready))
    }

    @Sendable func ready(_ context: RequestContext) async throws -> HTTPResponse {
        let readiness = await self.readiness()
        return try .json(readiness, status: readiness.ready ? .ok : .serviceUnavailable)
    }
}
