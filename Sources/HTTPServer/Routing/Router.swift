/// Matches a method and path to a route value of the caller's choosing (a handler, its required role).
///
/// The resource is found from the path alone, the most specific pattern winning; then the method picks
/// the route. A path whose resource exists but lacks the method is 405 with the methods it has, and HEAD
/// falls back to GET.
public struct Router<Route: Sendable>: Sendable {
    public enum Match: Sendable {
        case matched(Route, parameters: [String: String], pattern: RoutePattern)
        case methodNotAllowed(allowed: [HTTPMethod], pattern: RoutePattern)
        case notFound
        /// The path has a malformed percent-encoding or decodes to an empty segment.
        case invalidPath
    }

    private struct Resource: Sendable {
        let pattern: RoutePattern
        var routes: [HTTPMethod: Route]
    }

    private var resources: [Resource] = []
    /// Indexes of resources whose pattern has no parameters, by path: the common case needs no scan.
    private var literalResources: [String: Int] = [:]

    public init() {}

    /// Adds a route; adding the same method and pattern twice is a programming error.
    public mutating func add(_ method: HTTPMethod, _ template: String, _ route: Route) {
        let pattern = RoutePattern(template)
        if let index = self.resources.firstIndex(where: { $0.pattern == pattern }) {
            precondition(self.resources[index].routes[method] == nil, "Duplicate route \(method) \(template)")
            self.resources[index].routes[method] = route
        } else {
            self.resources.append(Resource(pattern: pattern, routes: [method: route]))
            if pattern.specificity.literals == pattern.segments.count {
                self.literalResources[template] = self.resources.count - 1
            }
        }
    }

    /// Every registered method and pattern, for checks that the API description lists them all.
    public var routes: [(method: HTTPMethod, pattern: String)] {
        self.resources.flatMap { resource in
            resource.routes.keys.map { (method: $0, pattern: resource.pattern.description) }
        }
    }

    /// Finds the route for `method` on the percent-encoded `path`.
    public func match(method: HTTPMethod, path: Substring) -> Match {
        // A parameterless pattern matching the whole path is the most specific match possible.
        if let index = self.literalResources[String(path)] {
            return self.select(method, in: self.resources[index], parameters: [:])
        }
        if path.count > 1 && path.contains("//") || path.count > 1 && path.hasSuffix("/") {
            // An empty segment never names a resource.
            return .notFound
        }
        guard let segments = Self.decodedSegments(of: path) else {
            return .invalidPath
        }
        var best: (resource: Resource, parameters: [String: String])?
        for resource in self.resources {
            guard let parameters = resource.pattern.match(segments) else {
                continue
            }
            if let current = best, !Self.isMoreSpecific(resource.pattern, than: current.resource.pattern) {
                continue
            }
            best = (resource, parameters)
        }
        guard let (resource, parameters) = best else {
            return .notFound
        }
        return self.select(method, in: resource, parameters: parameters)
    }

    private func select(_ method: HTTPMethod, in resource: Resource, parameters: [String: String]) -> Match {
        if let route = resource.routes[method] ?? (method == .head ? resource.routes[.get] : nil) {
            return .matched(route, parameters: parameters, pattern: resource.pattern)
        }
        var allowed = Array(resource.routes.keys)
        if allowed.contains(.get) && !allowed.contains(.head) {
            allowed.append(.head)
        }
        return .methodNotAllowed(allowed: allowed.sorted { $0.rawValue < $1.rawValue }, pattern: resource.pattern)
    }

    private static func isMoreSpecific(_ candidate: RoutePattern, than current: RoutePattern) -> Bool {
        let (candidateLiterals, candidateGreedy) = candidate.specificity
        let (currentLiterals, currentGreedy) = current.specificity
        if candidateLiterals != currentLiterals {
            return candidateLiterals > currentLiterals
        }
        return !candidateGreedy && currentGreedy
    }

    /// Splits the raw path on `/` before decoding, so an encoded `%2F` stays inside its segment.
    static func decodedSegments(of path: Substring) -> [String]? {
        guard path.hasPrefix("/") else {
            return nil
        }
        if path == "/" {
            return []
        }
        var segments: [String] = []
        for raw in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard !raw.isEmpty, let decoded = PercentDecoding.decode(raw), !decoded.isEmpty else {
                return nil
            }
            segments.append(decoded)
        }
        return segments
    }
}
