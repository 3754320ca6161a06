import ControlPlane
import HTTPServer

/// `GET`/`PUT`/`DELETE /v1/repositories/{name}/policy`: the repository's IAM permissions policy.
///
/// The body of `PUT` and of `GET` is the policy text byte for byte. A `PUT` body is checked locally (Version, Statement,
/// Effect, Principal, `ecr:` actions, at most 10,240 characters) before SetRepositoryPolicy.
/// `?replicas=true` repeats a `PUT` or `DELETE` in every destination of the replication rules matching
/// the repository.
struct RepositoryPolicyRoutes {
    static let path = "/v1/repositories/{name+}/policy"

    let handlers: RepositoryDocumentHandlers

    init(registry: RegistryContext, changes: ChangeRecorder) {
        let service = RepositoryDocumentService(kind: .repositoryPolicy, registry: registry, changes: changes)
        self.handlers = RepositoryDocumentHandlers(service: service)
    }

    func register(in router: inout Router<APIRoute>) {
        router.add(
            .get,
            Self.path,
            APIRoute(minimumRole: .viewer, operation: "getRepositoryPolicy", handler: self.handlers.show)
        )
        router.add(
            .put,
            Self.path,
            APIRoute(minimumRole: .admin, operation: "putRepositoryPolicy", handler: self.handlers.replace)
        )
        router.add(
            .delete,
            Self.path,
            APIRoute(minimumRole: .admin, operation: "deleteRepositoryPolicy", handler: self.handlers.remove)
        )
    }
}
