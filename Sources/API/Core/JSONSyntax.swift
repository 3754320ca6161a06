/// Checks that bytes are one valid JSON value (RFC 8259) without building anything, so stored JSON can be
/// embedded in a response verbatim once it passes.
enum JSONSyntax {
    private static let maxDepth = 64

    static func isValid(_ text: String.UTF8View) -> Bool {
        var scanner = Scanner(bytes: Array(text))
        scanner.skipWhitespace()
        guard scanner.value(depth: 0) else {
            return false
        }
        scanner.skipWhitespace()
        return scanner.index == scanner.bytes.count
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var current: UInt8? { self.index < self.bytes.count ? self.bytes[self.index] : nil }

        mutating func skipWhitespace() {
            while let byte = self.current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                self.index += 1
            }
        }

        mutating func value(depth: Int) -> Bool {
            guard depth < JSONSyntax.maxDepth, let byte = self.current else {
                return false
            }
            switch byte {
            case UInt8(ascii: "{"): return self.object(depth: depth)
            case UInt8(ascii: "["): return self.array(depth: depth)
            case UInt8(ascii: "\""): return self.string()
            case UInt8(ascii: "t"): return self.literal("true")
            case UInt8(ascii: "f"): return self.literal("false")
            case UInt8(ascii: "n"): return self.literal("null")
            default: return self.number()
            }
        }

        mutating func object(depth: Int) -> Bool {
            self.index += 1
            self.skipWhitespace()
            if self.current == UInt8(ascii: "}") {
                self.index += 1
                return true
            }
            while true {
                self.skipWhitespace()
                guard self.current == UInt8(ascii: "\""), self.string() else {
                    return false
                }
                self.skipWhitespace()
                guard self.current == UInt8(ascii: ":") else {
                    return false
                }
                self.index += 1
                self.skipWhitespace()
                guard self.value(depth: depth + 1) else {
                    return false
                }
                self.skipWhitespace()
                switch self.current {
                case UInt8(ascii: ","): self.index += 1
                case UInt8(ascii: "}"):
                    self.index += 1
                    return true
                default: return false
                }
            }
        }

        mutating func array(depth: Int) -> Bool {
            self.index += 1
            self.skipWhitespace()
            if self.current == UInt8(ascii: "]") {
                self.index += 1
                return true
            }
            while true {
                self.skipWhitespace()
                guard self.value(depth: depth + 1) else {
                    return false
                }
                self.skipWhitespace()
                switch self.current {
                case UInt8(ascii: ","): self.index += 1
                case UInt8(ascii: "]"):
                    self.index += 1
                    return true
                default: return false
                }
            }
        }

        mutating func string() -> Bool {
            self.index += 1
            while let byte = self.current {
                self.index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return true
                case UInt8(ascii: "\\"):
                    guard let escaped = self.current else {
                        return false
                    }
                    self.index += 1
                    if escaped == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            guard let hex = self.current, hex.isHexDigit else {
                                return false
                            }
                            self.index += 1
                        }
                    } else if !"\"\\/bfnrt".utf8.contains(escaped) {
                        return false
                    }
                case 0..<0x20:
                    return false
                default:
                    continue
                }
            }
            return false
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard self.index + count <= self.bytes.count else {
                return false
            }
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
            guard self.bytes[self.index..<(self.index + count)].elementsEqual(expected) else {
                return false
            }
            self.index += count
            return true
        }

        /// `-? int frac? exp?` with no leading zeros.
        mutating func number() -> Bool {
            if self.current == UInt8(ascii: "-") {
                self.index += 1
            }
            guard let first = self.current, first.isDigit else {
                return false
            }
            self.index += 1
            if first != UInt8(ascii: "0") {
                self.skipDigits()
            }
            if self.current == UInt8(ascii: ".") {
                self.index += 1
                guard self.current?.isDigit == true else {
                    return false
                }
                self.skipDigits()
            }
            if self.current == UInt8(ascii: "e") || self.current == UInt8(ascii: "E") {
                self.index += 1
                if self.current == UInt8(ascii: "+") || self.current == UInt8(ascii: "-") {
                    self.index += 1
                }
                guard self.current?.isDigit == true else {
                    return false
                }
                self.skipDigits()
            }
            return true
        }

        mutating func skipDigits() {
            while self.current?.isDigit == true {
                self.index += 1
            }
        }
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }

    fileprivate var isHexDigit: Bool {
        self.isDigit || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F"))
    }
}
