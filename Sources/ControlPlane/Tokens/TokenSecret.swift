import Crypto

/// The text form of a bearer token, `ecp_<public id>_<secret>`, and the hash stored for it.
///
/// The public id (8 random bytes, 16 hex digits) locates the row through a unique index; the secret
/// (32 random bytes, 64 hex digits) is stored only as its SHA-256. A salted slow hash is not needed
/// because the secret is 256 random bits, not a password that could be guessed.
struct TokenSecret {
    static let prefix = "ecp_"
    static let publicIdByteCount = 8
    static let secretByteCount = 32

    let publicId: String
    let secret: [UInt8]

    /// Draws a new public id and secret from libcrypto's random generator.
    static func generate() -> TokenSecret {
        TokenSecret(
            publicId: Hex.encode(SecureRandom.bytes(count: self.publicIdByteCount)),
            secret: SecureRandom.bytes(count: self.secretByteCount)
        )
    }

    /// Parses token text; nil for anything that is not exactly the generated shape.
    init?(parsing text: some StringProtocol) {
        guard text.hasPrefix(Self.prefix) else {
            return nil
        }
        let parts = text.dropFirst(Self.prefix.count).split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2,
            parts[0].count == Self.publicIdByteCount * 2,
            parts[1].count == Self.secretByteCount * 2,
            Hex.decode(parts[0]) != nil,
            let secret = Hex.decode(parts[1])
        else {
            return nil
        }
        self.init(publicId: parts[0].lowercased(), secret: secret)
    }

    private init(publicId: String, secret: [UInt8]) {
        self.publicId = publicId
        self.secret = secret
    }

    /// The bearer token text handed to the caller once.
    var text: String {
        Self.prefix + self.publicId + "_" + Hex.encode(self.secret)
    }

    /// The hex SHA-256 of the secret bytes, as stored.
    var secretHash: String {
        SHA256.hexHash(self.secret)
    }

    /// Compares the secret with a stored hash in constant time.
    func matches(storedHash: String) -> Bool {
        guard let stored = Hex.decode(storedHash) else {
            return false
        }
        return constantTimeEquals(SHA256.hash(self.secret), stored)
    }
}
