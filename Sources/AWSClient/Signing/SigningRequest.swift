/// An HTTP request in the shape SigV4 signs.
///
/// `path` is the path as sent on the wire. The signer normalises it and URI-encodes each segment once more,
/// which is the double encoding every service except S3 expects. `query` contains decoded names and values.
public struct SigningRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [(name: String, value: String)]
    /// Header fields in request order; duplicates are allowed and joined with commas when signed.
    public var headers: [(name: String, value: String)]
    /// Lowercase hex SHA-256 of the payload.
    public var payloadHash: String

    public init(
        method: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)],
        payloadHash: String
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }

    /// Replaces every field named `name` (compared without case) with one field holding `value`.
    public mutating func setHeader(_ name: String, _ value: String) {
        self.headers.removeAll { Self.sameName($0.name, name) }
        self.headers.append((name, value))
    }

    /// Returns the first value of the field `name`, compared without case.
    public func header(_ name: String) -> String? {
        self.headers.first { Self.sameName($0.name, name) }?.value
    }

    /// Removes the fields that `SigV4Signer.sign` sets, in one pass: `X-Amz-Date`, `Authorization` and,
    /// when the signer has a session token, `X-Amz-Security-Token`.
    mutating func removeSignatureFields(includingSecurityToken: Bool) {
        self.headers.removeAll { field in
            Self.sameName(field.name, "X-Amz-Date") || Self.sameName(field.name, "Authorization")
                || (includingSecurityToken && Self.sameName(field.name, "X-Amz-Security-Token"))
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
    }

    /// Compares two field names ignoring ASCII case, without allocating, because signing runs per call.
    static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        // Native strings store their UTF-8 length, so most names are distinguished without reading a byte.
        guard lhs.utf8.count == rhs.utf8.count else {
            return false
        }
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil):
                return true
            case (let a?, let b?) where a == b || (a | 0x20 == b | 0x20 && isLetter(a | 0x20)):
                continue
            default:
                return false
            }
        }
    }
}
