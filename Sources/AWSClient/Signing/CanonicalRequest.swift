import Foundation

/// The SigV4 canonical request (stage 1) of one request, written into a `ByteWriter`.
///
/// Signing runs once per call, so the builder writes straight into the signer's one buffer and keeps the
/// lowercased header fields in stack memory instead of a string or array per field.
struct CanonicalRequest {
    private let request: SigningRequest
    /// The canonical URI and query, encoded first because their length is known only after encoding.
    private let path: [UInt8]
    private let query: [UInt8]
    /// The bytes of all header names and values, which bounds both the canonical headers and the list of
    /// signed headers.
    private let headerByteCount: Int

    init(_ request: SigningRequest) {
        self.request = request
        if request.path == "/" || request.path.isEmpty {
            self.path = Self.rootPath
        } else {
            var path: [UInt8] = []
            path.reserveCapacity(request.path.utf8.count + 8)
            URIEncoding.appendCanonicalPath(request.path, to: &path)
            self.path = path
        }
        self.query = Self.canonicalQuery(request.query)
        var headerByteCount = 0
        for header in request.headers {
            headerByteCount += header.name.utf8.count + header.value.utf8.count
        }
        self.headerByteCount = headerByteCount
    }

    /// The maximum number of bytes `write(to:)` writes: trimming and joining fields only ever shorten them.
    var capacity: Int {
        let fieldCount = self.request.headers.count
        return self.request.method.utf8.count + self.path.count + self.query.count
            + 2 * self.headerByteCount + 3 * fieldCount + self.request.payloadHash.utf8.count + 5
    }

    /// Writes the canonical request and returns where the signed-header list (`host;x-amz-date`) sits in it,
    /// since the Authorization value repeats it.
    func write(to writer: inout ByteWriter) -> Range<Int> {
        writer.append(self.request.method)
        writer.append(newline)
        writer.append(self.path)
        writer.append(newline)
        writer.append(self.query)
        writer.append(newline)
        let signedHeaders = self.writeHeaders(to: &writer)
        writer.append(newline)
        writer.append(self.request.payloadHash)
        return signedHeaders
    }

    private static let rootPath: [UInt8] = [UInt8(ascii: "/")]

    /// Canonical query: names and values URI-encoded, sorted by name then value, joined with `&`.
    private static func canonicalQuery(_ query: [(name: String, value: String)]) -> [UInt8] {
        guard !query.isEmpty else {
            return []
        }
        let encoded = query.map { (URIEncoding.encode($0.name), URIEncoding.encode($0.value)) }
        let sorted = encoded.sorted { lhs, rhs in
            lhs.0 == rhs.0 ? lhs.1.lexicographicallyPrecedes(rhs.1) : lhs.0.lexicographicallyPrecedes(rhs.0)
        }
        var output: [UInt8] = []
        for (index, pair) in sorted.enumerated() {
            if index > 0 {
                output.append(UInt8(ascii: "&"))
            }
            output.append(contentsOf: pair.0)
            output.append(UInt8(ascii: "="))
            output.append(contentsOf: pair.1)
        }
        return output
    }
}

// MARK: - Canonical headers

extension CanonicalRequest {
    /// The positions of one field's lowercase name and trimmed value in the scratch buffer.
    private struct Field {
        var name: Range<Int>
        var value: Range<Int>
    }

    /// Writes the canonical header lines, the empty line after them and the signed-header list, and returns
    /// the list's range. Names are lowercased and sorted, values trimmed with inner runs of whitespace collapsed,
    /// and repeated fields joined with commas in request order.
    private func writeHeaders(to writer: inout ByteWriter) -> Range<Int> {
        let headers = self.request.headers
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: self.headerByteCount) { scratchBuffer in
            withUnsafeTemporaryAllocation(of: Field.self, capacity: headers.count) { fieldBuffer in
                var scratch = ByteWriter(scratchBuffer)
                var fieldCount = 0
                for header in headers {
                    guard let field = Self.normalize(header, into: &scratch) else {
                        continue
                    }
                    fieldBuffer.initializeElement(at: fieldCount, to: field)
                    fieldCount += 1
                }
                let fields = UnsafeMutableBufferPointer(rebasing: fieldBuffer[0..<fieldCount])
                defer { fields.deinitialize() }
                Self.sortByName(fields, scratch: scratch)
                Self.writeLines(fields, scratch: scratch, to: &writer)
                writer.append(newline)
                return Self.writeSignedHeaders(fields, scratch: scratch, to: &writer)
            }
        }
    }

    /// Writes the field's lowercase name and trimmed value to `scratch`; nil for the Authorization field,
    /// which carries the signature and so is never signed.
    private static func normalize(_ header: (name: String, value: String), into scratch: inout ByteWriter) -> Field? {
        let nameStart = scratch.count
        scratch.appendLowercased(header.name)
        let name = nameStart..<scratch.count
        if Self.equals(scratch.bytes(name), authorizationName) {
            return nil
        }
        let valueStart = scratch.count
        scratch.appendTrimmed(header.value)
        return Field(name: name, value: valueStart..<scratch.count)
    }

    /// Sorts by name with an insertion sort: requests carry a handful of fields, and the sort must be stable
    /// so repeated fields keep their request order.
    private static func sortByName(_ fields: UnsafeMutableBufferPointer<Field>, scratch: ByteWriter) {
        guard fields.count > 1 else {
            return
        }
        for index in 1..<fields.count {
            let field = fields[index]
            var position = index
            while position > 0, Self.precedes(field.name, fields[position - 1].name, scratch: scratch) {
                fields[position] = fields[position - 1]
                position -= 1
            }
            fields[position] = field
        }
    }

    private static func equals(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount
            && (bytes.isEmpty || memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0)
    }

    private static func precedes(_ lhs: Range<Int>, _ rhs: Range<Int>, scratch: ByteWriter) -> Bool {
        let left = scratch.bytes(lhs)
        let right = scratch.bytes(rhs)
        let common = min(left.count, right.count)
        let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
        return order < 0 || (order == 0 && left.count < right.count)
    }

    private static func writeLines(
        _ fields: UnsafeMutableBufferPointer<Field>,
        scratch: ByteWriter,
        to writer: inout ByteWriter
    ) {
        var index = 0
        while index < fields.count {
            let name = scratch.bytes(fields[index].name)
            writer.append(name)
            writer.append(UInt8(ascii: ":"))
            writer.append(scratch.bytes(fields[index].value))
            index += 1
            while index < fields.count, scratch.bytes(fields[index].name).elementsEqual(name) {
                writer.append(UInt8(ascii: ","))
                writer.append(scratch.bytes(fields[index].value))
                index += 1
            }
            writer.append(newline)
        }
    }

    /// Writes the distinct names joined with `;` and returns their range.
    private static func writeSignedHeaders(
        _ fields: UnsafeMutableBufferPointer<Field>,
        scratch: ByteWriter,
        to writer: inout ByteWriter
    ) -> Range<Int> {
        let start = writer.count
        for index in fields.indices {
            let name = scratch.bytes(fields[index].name)
            if index > 0 {
                if scratch.bytes(fields[index - 1].name).elementsEqual(name) {
                    continue
                }
                writer.append(UInt8(ascii: ";"))
            }
            writer.append(name)
        }
        return start..<writer.count
    }
}

// MARK: - Field normalisation

extension ByteWriter {
    fileprivate mutating func appendLowercased(_ name: String) {
        var name = name
        name.withUTF8 { bytes in
            let output = self.extend(by: bytes.count)
            for index in bytes.indices {
                let byte = bytes[index]
                output[index] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            }
        }
    }

    /// Appends `value` without leading and trailing whitespace and with each inner run of spaces, tabs or
    /// line breaks collapsed to one space.
    fileprivate mutating func appendTrimmed(_ value: String) {
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
                self.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart..<index])))
                self.append(UInt8(ascii: " "))
                while index < end, isWhitespace(bytes[index]) {
                    index += 1
                }
                runStart = index
            }
            self.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart..<end])))
        }
    }
}

private func isWhitespace(_ byte: UInt8) -> Bool {
    // Every whitespace byte is at most a space, so a single comparison rejects most bytes.
    byte <= UInt8(ascii: " ")
        && (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == newline || byte == UInt8(ascii: "\r"))
}

private let newline = UInt8(ascii: "\n")
private let authorizationName: StaticString = "authorization"
