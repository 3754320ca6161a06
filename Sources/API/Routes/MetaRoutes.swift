import HTTPServer
import Observability

/// `GET /openapi.yaml` (the API description, public) and `GET /metrics` (Prometheus text, public so a
/// scraper needs no token; it exposes counts, never request data).
struct MetaRoutes {
    let openAPIDocument: String
    let metrics: MetricsRegistry
    /// Updates the series read from the database, such as the audit event count, before each scrape.
    var refresh: @Sendable () async -> Void = {}

    func register(in router: inout Router<APIRoute>) {
        let document = HTTPResponse(status: .ok, contentType: "application/yaml", text: self.openAPIDocument)
        router.add(.get, "/openapi.yaml", APIRoute(minimumRole: nil, operation: "openAPIDocument") { _ in document })
        router.add(.get, "/metrics", APIRoute(minimumRole: nil, operation: "metrics", handler: self.render))
    }

    @Sendable func render(_ context: RequestContext) async throws -> HTTPResponse {
        // Rendering grows with the number of series, so leave the event loop, where handlers that never
        // suspend would otherwise run, so other connections on it are not held up.
        await Task.yield()
        await self.refresh()
        return HTTPResponse(
            status: .ok,
            contentType: "text/plain; version=0.0.4; charset=utf-8",
            text: self.metrics.prometheusText()
        )
    }
}
