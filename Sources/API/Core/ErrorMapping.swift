import AWSClient
import ControlPlane
import Store

/// Maps the errors of lower modules to the API errors a client can act on. Errors not listed here are
/// unexpected and become a logged 500.
enum ErrorMapping {
    static func apiError(for error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as ValidationError:
            return .validation(
                error.errors.map {
                    APIError.FieldIssue(field: $0.field.isEmpty ? "(body)" : $0.field, message: $0.message)
                }
            )
        case let error as TokenServiceError:
            return self.tokenError(error)
        case let error as AuditLogError where error.kind == .invalidCursor:
            return .invalidField("cursor", "is not a cursor this list returned; start again without it")
        case let error as AWSError:
            return self.awsError(error)
        case RegistryContextError.noSourceRegion:
            return APIError(.serviceUnavailable, detail: String(describing: error))
        case let error as RegistryContextError:
            return .badRequest(error.description)
        case let error as StoreError where error.kind == .busy:
            return APIError(
                .serviceUnavailable,
                detail: "The database is locked by another writer (\(error.message)); retry shortly.",
                headers: ["Retry-After": "1"]
            )
        case let error as StoreError where error.kind == .constraint:
            return .conflict(
                "The change conflicts with stored data (\(error.constraint?.rawValue ?? "constraint") violated)."
            )
        default:
            return nil
        }
    }

    private static func tokenError(_ error: TokenServiceError) -> APIError {
        switch error.kind {
        case .invalidName: .invalidField("name", error.message)
        case .duplicateName, .alreadyRevoked: .conflict(error.message)
        case .notFound: .notFound(error.message)
        }
    }
}
