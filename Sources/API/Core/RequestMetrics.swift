import HTTPServer
import Observability
import Synchronization

/// `http_requests_total` and `http_request_duration_seconds` by route, method and status, with the
/// series handles cached so a request costs one dictionary lookup instead of building label sets.
final class RequestMetrics: Sendable {
    private struct Key: Hashable {
        let route: String
        let method: HTTPMethod
        let status: Int
    }

    private struct Series {
        let requests: Counter
        let duration: Histogram
    }

    private let registry: MetricsRegistry
    private let cache = Mutex<[Key: Series]>([:])

    init(registry: MetricsRegistry) {
        self.registry = registry
    }

    /// Methods recorded under their own name; any other token a client sends counts as `OTHER`, so
    /// clients cannot create series without bound.
    private static let knownMethods: Set<HTTPMethod> = [.get, .head, .post, .put, .patch, .delete, .options]

    func record(route: String, method: HTTPMethod, status: Int, seconds: Double) {
        let method = Self.knownMethods.contains(method) ? method : HTTPMethod(rawValue: "OTHER")
        let key = Key(route: route, method: method, status: status)
        let series = self.cache.withLock { cache in
            if let series = cache[key] {
                return series
            }
            let series = Series(
                requests: self.registry.counter(
                    "http_requests_total",
                    help: "HTTP requests completed, by route template, method and status.",
                    labels: ["route": route, "method": method.rawValue, "status": String(status)]
                ),
                duration: self.registry.histogram(
                    "http_request_duration_seconds",
                    help: "Time to respond to an HTTP request, by route template and method.",
                    labels: ["route": route, "method": method.rawValue]
                )
            )
            cache[key] = series
            return series
        }
        series.requests.add()
        series.duration.observe(seconds)
    }
}
