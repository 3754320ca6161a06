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
        var secret: String
        var key: [UInt8]
    }

    private let entries = Mutex<[Name: Entry]>([:])
    private let capacity: Int

    /// Creates a cache that stores at most `capacity` keys.
    public init(capacity: Int = 256) {
        self.capacity = capacity
    }

    func key(secret: String, accessKeyId: String, dateStamp: String, region: String, service: String) -> [UInt8] {
        let name = Name(accessKeyId: accessKeyId, dateStamp: dateStamp, region: region, service: service)
        if let cached = self.entries.withLock({ $0[name] }), cached.secret == secret {
            return cached.key
        }
        let key = SigV4Signer.deriveKey(secret: secret, dateStamp: dateStamp, region: region, service: service)
        self.entries.withLock { entries in
            if entries.count >= self.capacity {
                entries.removeAll()
            }
            entries[name] = Entry(secret: secret, key: key)
        }
        return key
    }

    /// The number of keys held, for tests.
    var count: Int {
        self.entries.withLock { $0.count }
    }
}
