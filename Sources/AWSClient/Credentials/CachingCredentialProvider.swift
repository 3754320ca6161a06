import Foundation

/// Caches another provider's credentials and refreshes them `refreshMargin` seconds before they expire.
///
/// The actor runs at most one refresh at a time: callers arriving during a refresh wait for its result
/// instead of starting their own. Credentials without an expiry are kept for good.
public actor CachingCredentialProvider: CredentialProvider {
    public nonisolated let name: String
    private let base: any CredentialProvider
    private let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var refresh: Task<AWSCredentials?, any Error>?

    public init(
        _ base: any CredentialProvider,
        refreshMargin: TimeInterval = 300,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.base = base
        self.name = base.name
        self.refreshMargin = refreshMargin
        self.now = now
    }

    public func credentials() async throws -> AWSCredentials? {
        if let cached = self.cached, !cached.expires(within: self.refreshMargin, of: self.now()) {
            return cached
        }
        if let refresh = self.refresh {
            return try await refresh.value
        }
        let task = Task { [base] in try await base.credentials() }
        self.refresh = task
        defer { self.refresh = nil }
        do {
            let fresh = try await task.value
            self.cached = fresh
            return fresh
        } catch {
            // A failed refresh keeps serving credentials that have not expired yet, like the SDKs do.
            if let cached = self.cached, !cached.expires(within: 0, of: self.now()) {
                return cached
            }
            throw error
        }
    }

    /// Drops the cached credentials so the next call resolves them again.
    public func invalidate() {
        self.cached = nil
    }
}
