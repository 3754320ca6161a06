/// Builds JSON text straight into bytes, for responses on hot paths (audit lists return hundreds of rows)
/// where Foundation's JSONEncoder costs more than the database query.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the container being written needs a comma before its next element, one entry per level.
    private var needsComma: [Bool] = [false]

    init(capacity: Int = 1024) {
        self.bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() {
        self.separate()
        self.bytes.append(UInt8(ascii: "{"))
        self.needsComma.append(false)
    }

    mutating func endObject() {
        self.needsComma.removeLast()
        self.bytes.append(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        self.separate()
        self.bytes.append(UInt8(ascii: "["))
        self.needsComma.append(false)
    }

    mutating func endArray() {
        self.needsComma.removeLast()
        self.bytes.append(UInt8(ascii: "]"))
    }

    /// Writes a member name; the next value written is its value.
    mutating func key(_ name: String) {
        self.separate()
        self.appendQuoted(name)
        self.bytes.append(UInt8(ascii: ":"))
        self.needsComma[self.needsComma.count - 1] = false
    }

    mutating func string(_ value: String) {
        self.separate()
        self.appendQuoted(value)
    }

    mutating func integer(_ value: Int64) {
        self.separate()
        self.bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ value: Bool) {
        self.separate()
        self.bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func null() {
        self.separate()
        self.bytes.append(contentsOf: "null".utf8)
    }

    /// Writes `text` as a JSON value when it is valid JSON, else as a string, so stored text can never
    /// break the document.
    mutating func embedded(_ text: String) {
        if JSONSyntax.isValid(text.utf8) {
            self.separate()
            self.bytes.append(contentsOf: text.utf8)
        } else {
            self.string(text)
        }
    }

    mutating func member(_ name: String, _ value: String?) {
        self.key(name)
        if let value {
            self.string(value)
        } else {
            self.null()
        }
    }

    private mutating func separate() {
        let level = self.needsComma.count - 1
        if self.needsComma[level] {
            self.bytes.append(UInt8(ascii: ","))
        }
        self.needsComma[level] = true
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func appendQuoted(_ value: String) {
        self.bytes.append(UInt8(ascii: "\""))
        // Most strings (ids, hashes, times, names) need no escaping: copy those in one call.
        let needsEscaping = value.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        guard needsEscaping else {
            self.bytes.append(contentsOf: value.utf8)
            self.bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                self.bytes.append(contentsOf: Array("\\u00".utf8))
                self.bytes.append(Self.hexDigits[Int(byte >> 4)])
                self.bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default:
                self.bytes.append(byte)
            }
        }
        self.bytes.append(UInt8(ascii: "\""))
    }
}

/// A value that writes itself with `JSONWriter`.
protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}
