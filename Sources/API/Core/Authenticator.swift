import ControlPlane

/// Resolves a bearer token to its caller; the token service implements it.
public protocol Authenticator: Sendable {
    /// Returns the caller for `bearer`, or nil for an unknown, malformed or revoked token.
    func authenticate(bearer: String) async throws -> Principal?
}

extension TokenService: Authenticator {}
