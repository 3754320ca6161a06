import Testing

@testable import HTTPServer

@Suite struct RouterTests {
    private static func makeRouter() -> Router<String> {
        var router = Router<String>()
        router.add(.get, "/healthz", "health")
        router.add(.get, "/v1/repositories", "list")
        router.add(.post, "/v1/repositories", "create")
        router.add(.get, "/v1/repositories/{name+}", "show")
        router.add(.delete, "/v1/repositories/{name+}", "delete")
        router.add(.get, "/v1/repositories/{name+}/lifecycle-policy", "lifecycle")
        router.add(.put, "/v1/repositories/{name+}/lifecycle-policy", "put-lifecycle")
        router.add(.post, "/v1/repositories/{name+}/lifecycle-policy/preview", "preview")
        router.add(.get, "/v1/audit-events/verify", "verify")
        router.add(.get, "/v1/audit-events/{id}", "event")
        return router
    }

    private func expectMatch(
        _ method: HTTPMethod,
        _ path: Substring,
        route expectedRoute: String,
        parameters expected: [String: String] = [:]
    ) {
        guard case .matched(let route, let parameters, _) = Self.makeRouter().match(method: method, path: path) else {
            Issue.record("\(method) \(path) did not match")
            return
        }
        #expect(route == expectedRoute)
        #expect(parameters == expected)
    }

    @Test func literalRoutes() {
        self.expectMatch(.get, "/healthz", route: "health")
        self.expectMatch(.post, "/v1/repositories", route: "create")
    }

    @Test func nameWithSlashesIsTheRestOfThePath() {
        self.expectMatch(.get, "/v1/repositories/team/app", route: "show", parameters: ["name": "team/app"])
        self.expectMatch(.get, "/v1/repositories/a/b/c", route: "show", parameters: ["name": "a/b/c"])
    }

    @Test func reservedTrailingSegmentsNameASubResource() {
        self.expectMatch(
            .get,
            "/v1/repositories/team/app/lifecycle-policy",
            route: "lifecycle",
            parameters: ["name": "team/app"]
        )
        self.expectMatch(
            .post,
            "/v1/repositories/team/app/lifecycle-policy/preview",
            route: "preview",
            parameters: ["name": "team/app"]
        )
    }

    @Test func encodedSlashIsPartOfTheName() {
        self.expectMatch(.get, "/v1/repositories/team%2Fapp", route: "show", parameters: ["name": "team/app"])
        self.expectMatch(
            .get,
            "/v1/repositories/team%2Flifecycle-policy",
            route: "show",
            parameters: ["name": "team/lifecycle-policy"]
        )
        self.expectMatch(
            .get,
            "/v1/repositories/team%2Fapp/lifecycle-policy",
            route: "lifecycle",
            parameters: ["name": "team/app"]
        )
    }

    @Test func literalBeatsParameter() {
        self.expectMatch(.get, "/v1/audit-events/verify", route: "verify")
        self.expectMatch(.get, "/v1/audit-events/42", route: "event", parameters: ["id": "42"])
    }

    @Test func headFallsBackToGet() {
        self.expectMatch(.head, "/healthz", route: "health")
    }

    @Test func wrongMethodIs405WithAllow() {
        guard
            case .methodNotAllowed(let allowed, _) = Self.makeRouter().match(method: .delete, path: "/v1/repositories")
        else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == [.get, .head, .post])
    }

    @Test func subResourceWrongMethodIs405NotTheParentRoute() {
        guard
            case .methodNotAllowed(let allowed, _) = Self.makeRouter().match(
                method: .delete,
                path: "/v1/repositories/team/app/lifecycle-policy"
            )
        else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == [.get, .head, .put])
    }

    @Test func unknownPathsAre404() {
        for path: Substring in ["/", "/nope", "/v1/repositories/", "/v1//repositories", "/healthz/extra"] {
            guard case .notFound = Self.makeRouter().match(method: .get, path: path) else {
                Issue.record("\(path) should be 404")
                continue
            }
        }
    }

    @Test func malformedPercentEncodingIsInvalid() {
        guard case .invalidPath = Self.makeRouter().match(method: .get, path: "/v1/repositories/a%zz") else {
            Issue.record("expected an invalid path")
            return
        }
    }
}
