import ControlPlane
import HTTPServer

extension ReplicationJobError {
    /// The problem a client receives for this error.
    var apiError: APIError {
        switch self.kind {
        case .invalidField: .invalidField(self.field ?? "(body)", self.message)
        case .notFound: .notFound(self.message)
        case .invalidState: .conflict(self.message)
        case .sourceImageNotFound, .noDestinations: APIError(.unprocessableContent, detail: self.message)
        }
    }

    /// Runs `body`, turning a `ReplicationJobError` into its API problem.
    static func mapped<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as ReplicationJobError {
            throw error.apiError
        }
    }
}
