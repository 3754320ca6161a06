/// Tries providers in order and returns the first credentials found.
public struct CredentialProviderChain: CredentialProvider {
    public let providers: [any CredentialProvider]

    public init(_ providers: [any CredentialProvider]) {
        self.providers = providers
    }

    public var name: String {
        "chain (" + self.providers.map(\.name).joined(separator: ", ") + ")"
    }

    /// Returns the first provider's credentials; a provider that is configured but fails stops the chain
    /// with its error, as in the SDKs, so a broken profile is never silently replaced by another identity.
    public func credentials() async throws -> AWSCredentials? {
        for provider in self.providers {
            if let credentials = try await provider.credentials() {
                return credentials
            }
        }
        return nil
    }
}
