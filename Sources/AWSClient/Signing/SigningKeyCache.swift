import Crypto
import Foundation
import Synchronization

/// Derived SigV4 signing keys per access key, day, region and service, so a call signs with two HMACs
/// (string to sign) plus a hash instead of five HMACs.
///
/// An entry stays valid for its whole UTC day; entries of other days are dropped when the cache fills.
public final class SigningKeyCache: Sendable {
    private struct Name: Hashable {
        var accessKeyId: String
        var dateStamp: String
        var region: String
        var service: String
    }

    private struct Entry {
        var name: Name
        var secret: String
        var key: HMACKey
    }

    private let entries = Mutex<[Name: Entry]>([:])
    /// The entry used last: one process signs with one key per region and service for a whole day, so
    /// comparing it first usually avoids hashing four strings.
    private let lastUsed = Mutex<Entry?>(nil)
    private let capacity: Int

    /// Creates a cache that stores at most `capacity` keys.
    public init(capacity: Int = 256) {
        self.capacity = capacity
    }

    func key(secret: String, accessKeyId: String, dateStamp: String, region: String, service: String) -> HMACKey {
        let name = Name(accessKeyId: accessKeyId, dateStamp: dateStamp, region: region, service: service)
        if let last = self.lastUsed.withLock({ $0 }), last.name == name, last.secret == secret {
            return last.key
        }
        if let cached = self.entries.withLock({ $0[name] }), cached.secret == secret {
            self.lastUsed.withLock { $0 = cached }
            return cached.key
        }
        let key = HMACKey(SigV4Signer.deriveKey(secret: secret, dateStamp: dateStamp, region: region, service: service))
        let entry = Entry(name: name, secret: secret, key: key)
        self.entries.withLock { entries in
            if entries.count >= self.capacity {
                entries.removeAll()
            }
            entries[name] = entry
        }
        self.lastUsed.withLock { $0 = entry }
        return key
    }

    /// The number of keys held, for tests.
    var count: Int {
        self.entries.withLock { $0.count }
    }
}
