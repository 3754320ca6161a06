import Foundation
import Synchronization

/// Derived SigV4 signing keys per access key, day, region and service, so a call signs with two HMACs
/// (string to sign) plus a hash instead of five HMACs.
///
/// Each entry also contains the scope text and the start of the Authorization value, which depend on the same
/// inputs. An entry stays valid for its whole UTC day; entries of other days are dropped when the cache fills.
public final class SigningKeyCache: Sendable {
    private struct Name: Hashable {
        var accessKeyId: String
        var dateStamp: String
        var region: String
        var service: String
    }

    private let entries = Mutex<[Name: SigningScope]>([:])
    /// The entry used last: one process signs with one key per region and service for a whole day, so
    /// comparing it first usually avoids hashing four strings.
    private let lastUsed = Mutex<SigningScope?>(nil)
    private let capacity: Int

    /// Creates a cache that stores at most `capacity` keys.
    public init(capacity: Int = 256) {
        self.capacity = capacity
    }

    func scope(secret: String, accessKeyId: String, dateStamp: String, region: String, service: String) -> SigningScope
    {
        if let last = self.lastUsed.withLock({ $0 }),
            last.matches(
                accessKeyId: accessKeyId,
                secret: secret,
                dateStamp: dateStamp,
                region: region,
                service: service
            )
        {
            return last
        }
        let name = Name(accessKeyId: accessKeyId, dateStamp: dateStamp, region: region, service: service)
        if let cached = self.entries.withLock({ $0[name] }), cached.secret == secret {
            self.lastUsed.withLock { $0 = cached }
            return cached
        }
        let scope = SigningScope(
            accessKeyId: accessKeyId,
            secret: secret,
            dateStamp: dateStamp,
            region: region,
            service: service
        )
        self.entries.withLock { entries in
            if entries.count >= self.capacity {
                entries.removeAll()
            }
            entries[name] = scope
        }
        self.lastUsed.withLock { $0 = scope }
        return scope
    }

    /// The number of keys held, for tests.
    var count: Int {
        self.entries.withLock { $0.count }
    }
}
