import ControlPlane
import HTTPServer

/// The `GET`, `PUT` and `DELETE` handlers shared by a repository's lifecycle policy and repository policy.
struct RepositoryDocumentHandlers: Sendable {
    let service: RepositoryDocumentService

    /// Returns the stored document byte for byte, with its `ETag`.
    @Sendable func show(_ context: RequestContext) async throws -> HTTPResponse {
        let text = try await self.service.text(of: context.parameter("name"))
        return .document(text, entityTag: EntityTag(of: text))
    }

    /// Stores the body as the document. A `PUT` without `If-Match` is allowed and overwrites the document.
    @Sendable func replace(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        let applyToReplicas = try DocumentRequest.flag("replicas", in: request)
        let body = try DocumentRequest.body(of: request)
        let change = try await DocumentRequest.checkingPrecondition {
            try await self.service.put(
                body,
                repository: context.parameter("name"),
                ifMatch: request.headers["If-Match"],
                applyToReplicas: applyToReplicas,
                origin: ChangeRecorder.Origin(actor: context.actor, requestId: context.requestId)
            )
        }
        let tag = EntityTag(of: change.policyText ?? "")
        return try .json(change, headers: ["ETag": tag.value])
    }

    @Sendable func remove(_ context: RequestContext) async throws -> HTTPResponse {
        let request = context.request
        let applyToReplicas = try DocumentRequest.flag("replicas", in: request)
        let change = try await DocumentRequest.checkingPrecondition {
            try await self.service.delete(
                repository: context.parameter("name"),
                ifMatch: request.headers["If-Match"],
                applyToReplicas: applyToReplicas,
                origin: ChangeRecorder.Origin(actor: context.actor, requestId: context.requestId)
            )
        }
        return try .json(change)
    }
}
