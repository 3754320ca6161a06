/// The SigV4 canonical request (stage 1) as bytes, plus the signed-header list it names.
///
/// Signing runs once per call, so the builder writes bytes into one buffer and avoids a string or array per
/// header field.
struct CanonicalRequest {
    private(set) var bytes: [UInt8] = []
    private(set) var signedHeaders: [UInt8] = []

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
        self.bytes.append(contentsOf: self.signedHeaders)
        self.bytes.append(newline)
        self.bytes.append(contentsOf: request.payloadHash.utf8)
    }

    /// Canonical query: names and values URI-encoded, sorted by name then value, joined with `&`.
    private mutating func appendQuery(_ query: [(name: String, value: String)]) {
        guard !query.isEmpty else {
            return
        }
        let encoded = query.map { (URIEncoding.encode($0.name), URIEncoding.encode($0.value)) }
        let sorted = encoded.sorted { lhs, rhs in
            lhs.0 == rhs.0 ? lhs.1.lexicographicallyPrecedes(rhs.1) : lhs.0.lexicographicallyPrecedes(rhs.0)
        }
        for (index, pair) in sorted.enumerated() {
            if index > 0 {
                self.bytes.append(UInt8(ascii: "&"))
            }
            self.bytes.append(contentsOf: pair.0)
            self.bytes.append(UInt8(ascii: "="))
            self.bytes.append(contentsOf: pair.1)
        }
    }

    /// The positions of one field's lowercase name and trimmed value in the scratch buffer.
    private struct Field {
        var name: Range<Int>
        var value: Range<Int>
        var order: Int
    }

    /// Canonical headers: lowercase names sorted, values trimmed with inner runs of spaces collapsed, repeated
    /// fields joined with commas in request order, each line ending in a newline.
    private mutating func appendHeaders(_ headers: [(name: String, value: String)]) {
        var scratch: [UInt8] = []
        scratch.reserveCapacity(256)
        var fields: [Field] = []
        fields.reserveCapacity(headers.count)
        for (order, header) in headers.enumerated() {
            let nameStart = scratch.count
            Self.appendLowercased(header.name, to: &scratch)
            let name = nameStart..<scratch.count
            // The Authorization field carries the signature, so it is never part of what is signed.
            if scratch[name].elementsEqual(authorizationName) {
                scratch.removeSubrange(name)
                continue
            }
            let valueStart = scratch.count
            Self.appendTrimmed(header.value, to: &scratch)
            fields.append(Field(name: name, value: valueStart..<scratch.count, order: order))
        }
        fields.sort { lhs, rhs in
            let left = scratch[lhs.name]
            let right = scratch[rhs.name]
            return left.elementsEqual(right) ? lhs.order < rhs.order : left.lexicographicallyPrecedes(right)
        }
        var index = 0
        while index < fields.count {
            let name = scratch[fields[index].name]
            if !self.signedHeaders.isEmpty {
                self.signedHeaders.append(UInt8(ascii: ";"))
            }
            self.signedHeaders.append(contentsOf: name)
            self.bytes.append(contentsOf: name)
            self.bytes.append(UInt8(ascii: ":"))
            self.bytes.append(contentsOf: scratch[fields[index].value])
            index += 1
            while index < fields.count, scratch[fields[index].name].elementsEqual(name) {
                self.bytes.append(UInt8(ascii: ","))
                self.bytes.append(contentsOf: scratch[fields[index].value])
                index += 1
            }
            self.bytes.append(newline)
        }
    }

    private static func appendLowercased(_ name: String, to output: inout [UInt8]) {
        var name = name
        name.withUTF8 { bytes in
            for byte in bytes {
                output.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
            }
        }
    }

    /// Appends `value` without leading and trailing whitespace and with each inner run of spaces, tabs or
    /// line breaks collapsed to one space.
    private static func appendTrimmed(_ value: String, to output: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            var end = bytes.count
            while start < end, isWhitespace(bytes[start]) {
                start += 1
            }
            while end > start, isWhitespace(bytes[end - 1]) {
                end -= 1
            }
            var runStart = start
            var index = start
            while index < end {
                guard isWhitespace(bytes[index]) else {
                    index += 1
                    continue
                }
                // Copy the run of non-whitespace in one call, then write one space for the whole gap.
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(UInt8(ascii: " "))
                while index < end, isWhitespace(bytes[index]) {
                    index += 1
                }
                runStart = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end]))
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == newline || byte == carriageReturn
    }
}

private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let authorizationName = Array("authorization".utf8)
