import ControlPlane
import Foundation
import HTTPServer
import Observability

/// `GET`/`PUT`/`DELETE /v1/repositories/{name}/lifecycle-policy` and `POST …/lifecycle-policy/preview`.
///
/// The body of `PUT` and of `GET` is ECR's lifecycle policy document byte for byte. `?replicas=true`
/// repeats a `PUT` or `DELETE` in every destination of the replication rules matching the repository, because
/// ECR does not replicate policies.
struct LifecyclePolicyRoutes {
    static let path = "/v1/repositories/{name+}/lifecycle-policy"

    let documents: RepositoryDocumentService
    let previews: LifecyclePreviewService

    init(registry: RegistryContext, changes: ChangeRecorder) {
        self.documents = RepositoryDocumentService(kind: .lifecyclePolicy, registry: registry, changes: changes)
        self.previews = LifecyclePreviewService(registry: registry, changes: changes)
    }

    func register(in router: inout Router<APIRoute>) {
        let handlers = RepositoryDocumentHandlers(service: self.documents)
        router.add(
            .get,
            Self.path,
            APIRoute(minimumRole: .viewer, operation: "getLifecyclePolicy", handler: handlers.show)
        )
        router.add(
            .put,
            Self.path,
            APIRoute(minimumRole: .admin, operation: "putLifecyclePolicy", handler: handlers.replace)
        )
        router.add(
            .delete,
            Self.path,
            APIRoute(minimumRole: .admin, operation: "deleteLifecyclePolicy", handler: handlers.remove)
        )
        // A preview reads the repository and changes nothing, so a viewer may run it.
        router.add(
            .post,
            Self.path + "/preview",
            APIRoute(minimumRole: .viewer, operation: "previewLifecyclePolicy", handler: self.preview)
        )
    }

    /// Evaluates the body's policy, or the stored one when the body is empty, at `?at=` (default now).
    @Sendable func preview(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        var now = Date()
        if let text = request.query("at") {
            guard let date = RFC3339.date(from: text) else {
                throw APIError.invalidField(
                    "at",
                    "must be an RFC 3339 time such as 2026-12-04T10:00:00Z; got '\(text)'"
                )
            }
            now = date
        }
        let body = request.body.isEmpty ? [] : try DocumentRequest.body(of: request)
        let preview = try await self.previews.preview(repository: context.parameter("name"), body: body, now: now)
        return try .json(preview)
    }
}
