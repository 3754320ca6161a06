/// The SigV4 canonical request (stage 1) as bytes, plus the signed-header list it names.
struct CanonicalRequest {
    private(set) var bytes: [UInt8] = []
    private(set) var signedHeaders: String = ""

    init(_ request: SigningRequest) {
        self.bytes.reserveCapacity(512)
        self.bytes.append(contentsOf: request.method.utf8)
        self.bytes.append(newline)
        URIEncoding.appendCanonicalPath(request.path, to: &self.bytes)
        self.bytes.append(newline)
        self.appendQuery(request.query)
        self.bytes.append(newline)
        self.appendHeaders(request.headers)
        self.bytes.append(newline)
        self.bytes.append(contentsOf: self.signedHeaders.utf8)
        self.bytes.append(newline)
        self.bytes.append(contentsOf: request.payloadHash.utf8)
    }

    /// Canonical query: names and values URI-encoded, sorted by name then value, joined with `&`.
    private mutating func appendQuery(_ query: [(name: String, value: String)]) {
        guard !query.isEmpty else {
            return
        }
        let encoded = query.map { (URIEncoding.encode($0.name), URIEncoding.encode($0.value)) }
        let sorted = encoded.sorted { $0.0 == $1.0 ? $0.1.lexicographicallyPrecedes($1.1) : $0.0.lexicographicallyPrecedes($1.0) }
        for (index, pair) in sorted.enumerated() {
            if index > 0 {
                self.bytes.append(UInt8(ascii: "&"))
            }
            self.bytes.append(contentsOf: pair.0)
            self.bytes.append(UInt8(ascii: "="))
            self.bytes.append(contentsOf: pair.1)
        }
    }

    /// Canonical headers: lowercase names sorted, values trimmed with inner runs of spaces collapsed, repeated
    /// fields joined with commas in request order, each line ending in a newline.
    private mutating func appendHeaders(_ headers: [(name: String, value: String)]) {
        var merged: [(name: [UInt8], value: [UInt8])] = []
        merged.reserveCapacity(headers.count)
        for header in headers {
            let name = Self.lowercase(header.name)
            // The Authorization field carries the signature, so it is never part of what is signed.
            if name == authorizationName {
                continue
            }
            let value = Self.trimmed(header.value)
            if let index = merged.firstIndex(where: { $0.name == name }) {
                merged[index].value.append(UInt8(ascii: ","))
                merged[index].value.append(contentsOf: value)
            } else {
                merged.append((name, value))
            }
        }
        merged.sort { $0.name.lexicographicallyPrecedes($1.name) }
        var signed: [UInt8] = []
        for (index, header) in merged.enumerated() {
            self.bytes.append(contentsOf: header.name)
            self.bytes.append(UInt8(ascii: ":"))
            self.bytes.append(contentsOf: header.value)
            self.bytes.append(newline)
            if index > 0 {
                signed.append(UInt8(ascii: ";"))
            }
            signed.append(contentsOf: header.name)
        }
        self.signedHeaders = String(decoding: signed, as: UTF8.self)
    }

    private static func lowercase(_ name: String) -> [UInt8] {
        name.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
    }

    /// Trims leading and trailing whitespace and collapses each inner run of spaces or tabs to one space.
    private static func trimmed(_ value: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == newline
                || byte == UInt8(ascii: "\r")
            {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace {
                output.append(UInt8(ascii: " "))
                pendingSpace = false
            }
            output.append(byte)
        }
        return output
    }
}

private let newline = UInt8(ascii: "\n")
private let authorizationName = Array("authorization".utf8)
