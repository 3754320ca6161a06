import ControlPlane
import Store

/// Maps the errors of lower modules to the API errors a client can act on. Errors not listed here are
/// unexpected and become a logged 500.
enum ErrorMapping {
    static func apiError(for error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as StoreError where error.kind == .constraint:
            return APIError.conflict("The change conflicts with stored data: \(error.constraintDescription).")
        default:
            return nil
        }
    }
}
