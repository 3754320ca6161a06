/// URI encoding as SigV4 defines it: every byte except the unreserved set `A-Z a-z 0-9 - _ . ~` becomes
/// `%XY` with uppercase hex digits.
enum URIEncoding {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Returns the encoded bytes of `text`.
    static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        append(text.utf8, to: &output)
        return output
    }

    /// Returns `text` encoded, as a string.
    static func encodedString(_ text: String) -> String {
        String(decoding: encode(text), as: UTF8.self)
    }

    static func append<Bytes: Sequence>(_ bytes: Bytes, to output: inout [UInt8]) where Bytes.Element == UInt8 {
        for byte in bytes {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// Appends the canonical URI of a non-S3 request path: empty and `.` segments dropped, `..` removing the
    /// segment before it (RFC 3986 section 5.2.4), each remaining segment encoded, and a trailing slash kept.
    static func appendCanonicalPath(_ path: String, to output: inout [UInt8]) {
        if path == "/" || path.isEmpty {
            output.append(UInt8(ascii: "/"))
            return
        }
        var segments: [Substring.UTF8View] = []
        for segment in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if segment.elementsEqual(".".utf8) {
                continue
            }
            if segment.elementsEqual("..".utf8) {
                _ = segments.popLast()
                continue
            }
            segments.append(Substring(segment).utf8)
        }
        for segment in segments {
            output.append(UInt8(ascii: "/"))
            append(segment, to: &output)
        }
        if segments.isEmpty || path.utf8.last == UInt8(ascii: "/") {
            output.append(UInt8(ascii: "/"))
        }
    }

    /// Decodes `%XY` escapes; a malformed escape is kept as written.
    static func percentDecode(_ text: Substring) -> String {
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
