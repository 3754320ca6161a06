import ControlPlane
import Foundation
import HTTPServer
import Observability

/// `GET /v1/audit-events`, `GET /v1/audit-events/{id}` and `GET /v1/audit-events/verify`.
struct AuditRoutes {
    let auditLog: AuditLog

    func register(in router: inout Router<APIRoute>) {
        router.add(
            .get,
            "/v1/audit-events",
            APIRoute(minimumRole: .viewer, operation: "listAuditEvents", handler: self.list)
        )
        router.add(
            .get,
            "/v1/audit-events/{id}",
            APIRoute(minimumRole: .viewer, operation: "getAuditEvent", handler: self.show)
        )
        // Walking the whole chain is heavy work, so it is an operator's action like other checks.
        router.add(
            .get,
            "/v1/audit-events/verify",
            APIRoute(minimumRole: .operator, operation: "verifyAuditChain", handler: self.verify)
        )
    }

    @Sendable func list(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        let pagination = try Pagination(request)
        let filter = try Self.filter(from: request)
        let page = try await self.auditLog.list(filter: filter, limit: pagination.limit, cursor: pagination.cursor)
        return Pagination.response(items: page.items.map(AuditEventDTO.init), next: page.next, request: request)
    }

    @Sendable func show(_ context: RequestContext) async throws -> HTTPResponse {
        let text = context.parameter("id")
        guard let id = Int64(text), id > 0 else {
            throw APIError.invalidField("id", "must be a positive integer; got '\(text)'")
        }
        guard let event = try await self.auditLog.event(id: id) else {
            throw APIError.notFound("No audit event has id \(id).")
        }
        return .json(AuditEventDTO(event))
    }

    @Sendable func verify(_ context: RequestContext) async throws -> HTTPResponse {
        try .json(try await self.auditLog.verify())
    }

    static func filter(from request: HTTPRequest) throws -> AuditFilter {
        var filter = AuditFilter()
        filter.actor = request.query("actor")
        filter.action = request.query("action")
        filter.targetPrefix = request.query("targetPrefix")
        if let outcome = request.query("outcome") {
            guard let value = AuditOutcome(rawValue: outcome) else {
                let allowed = AuditOutcome.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.invalidField("outcome", "must be one of \(allowed); got '\(outcome)'")
            }
            filter.outcome = value
        }
        filter.since = try Self.time(request, "since")
        filter.until = try Self.time(request, "until")
        return filter
    }

    private static func time(_ request: HTTPRequest, _ name: String) throws -> Date? {
        guard let text = request.query(name) else {
            return nil
        }
        guard let date = RFC3339.date(from: text) else {
            throw APIError.invalidField(name, "must be an RFC 3339 time such as 2026-12-04T10:00:00Z; got '\(text)'")
        }
        return date
    }
}
