/// A parsed XML element: name without namespace prefix, text content and child elements.
public struct XMLNode: Sendable, Equatable {
    public var name: String
    public var text: String
    public var children: [XMLNode]

    /// The deepest element nesting `parse` accepts. AWS responses nest a few levels deep.
    public static let maxDepth = 256

    /// Parses `bytes` as an XML document. Returns nil when it is not well-formed, not valid UTF-8, nests
    /// deeper than `maxDepth`, or has a document type declaration.
    ///
    /// A reader of its own rather than FoundationXML: fuzzing found inputs on which FoundationXML
    /// (swift-corelibs-foundation, Swift 6.3.1) traps or reads a null pointer, such as an element name that
    /// is not UTF-8 or a processing instruction without data. An error body from any endpoint must not be
    /// able to stop the server. Only the five predefined entities and character references are expanded,
    /// because AWS responses use no others.
    public static func parse(_ bytes: [UInt8]) -> XMLNode? {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return nil
        }
        var reader = XMLReader(bytes: bytes)
        return reader.document()
    }

    /// Returns the first direct child named `name`.
    public func child(_ name: String) -> XMLNode? {
        self.children.first { $0.name == name }
    }

    /// Returns the first element named `name` at any depth, this one included, in document order.
    public func descendant(_ name: String) -> XMLNode? {
        if self.name == name {
            return self
        }
        for child in self.children {
            if let found = child.descendant(name) {
                return found
            }
        }
        return nil
    }

    /// Returns the text of the direct child `name`.
    public func string(_ name: String) -> String? {
        self.child(name)?.text
    }

    /// Returns the `member` children of the list child `name`, the awsQuery list shape.
    public func members(_ name: String) -> [XMLNode] {
        self.child(name)?.children.filter { $0.name == "member" } ?? []
    }
}

/// A single pass over the bytes of one document, with an explicit stack of open elements so that deep
/// nesting cannot exhaust the thread's stack.
private struct XMLReader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private struct OpenElement {
        var qualifiedName: [UInt8]
        var node: XMLNode
        var text: [UInt8] = []
    }

    mutating func document() -> XMLNode? {
        // A byte order mark may precede the declaration.
        if self.bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            self.position = 3
        }
        guard self.skipMisc(), self.peek() == UInt8(ascii: "<") else {
            return nil
        }
        guard let root = self.rootElement(), self.skipMisc(), self.position == self.bytes.count else {
            return nil
        }
        return root
    }

    /// Skips whitespace, comments and processing instructions between the top-level parts. Returns false on
    /// a malformed one or a document type declaration.
    private mutating func skipMisc() -> Bool {
        while self.position < self.bytes.count {
            if Self.isWhitespace(self.bytes[self.position]) {
                self.position += 1
            } else if self.starts(with: "<?") {
                guard self.skip(past: "?>") else {
                    return false
                }
            } else if self.starts(with: "<!--") {
                guard self.skip(past: "-->") else {
                    return false
                }
            } else if self.starts(with: "<!") {
                return false
            } else {
                return true
            }
        }
        return true
    }

    private mutating func rootElement() -> XMLNode? {
        var stack: [OpenElement] = []
        repeat {
            guard self.position < self.bytes.count else {
                return nil
            }
            if self.bytes[self.position] != UInt8(ascii: "<") {
                guard !stack.isEmpty, self.characterData(into: &stack[stack.count - 1].text) else {
                    return nil
                }
            } else if self.starts(with: "</") {
                self.position += 2
                guard let name = self.name(), var element = stack.popLast(), name == element.qualifiedName else {
                    return nil
                }
                self.skipWhitespace()
                guard self.consume(UInt8(ascii: ">")) else {
                    return nil
                }
                element.node.text = String(decoding: element.text, as: UTF8.self)
                if !element.node.children.isEmpty {
                    // AWS responses have no mixed content, so whitespace between child elements is noise.
                    element.node.text = element.node.text.trimmingXMLWhitespace()
                }
                if stack.isEmpty {
                    return element.node
                }
                stack[stack.count - 1].node.children.append(element.node)
            } else if self.starts(with: "<!--") {
                guard !stack.isEmpty, self.skip(past: "-->") else {
                    return nil
                }
            } else if self.starts(with: "<![CDATA[") {
                self.position += 9
                let start = self.position
                guard !stack.isEmpty, self.skip(past: "]]>") else {
                    return nil
                }
                stack[stack.count - 1].text += self.bytes[start..<(self.position - 3)]
            } else if self.starts(with: "<?") {
                guard !stack.isEmpty, self.skip(past: "?>") else {
                    return nil
                }
            } else {
                self.position += 1
                guard stack.count < XMLNode.maxDepth, let name = self.name(), let selfClosing = self.attributes()
                else {
                    return nil
                }
                let node = XMLNode(name: Self.localName(name), text: "", children: [])
                if selfClosing {
                    if stack.isEmpty {
                        return node
                    }
                    stack[stack.count - 1].node.children.append(node)
                } else {
                    stack.append(OpenElement(qualifiedName: name, node: node))
                }
            }
        } while true
    }

    /// Reads attributes up to the end of a start tag and returns whether the tag closes itself, or nil when
    /// the tag is malformed. Attribute values are checked and dropped: nothing here reads them.
    private mutating func attributes() -> Bool? {
        while true {
            let hadWhitespace = self.skipWhitespace()
            if self.consume(UInt8(ascii: ">")) {
                return false
            }
            if self.starts(with: "/>") {
                self.position += 2
                return true
            }
            guard hadWhitespace, self.name() != nil else {
                return nil
            }
            self.skipWhitespace()
            guard self.consume(UInt8(ascii: "=")) else {
                return nil
            }
            self.skipWhitespace()
            guard let quote = self.peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                return nil
            }
            self.position += 1
            var ignored: [UInt8] = []
            while let byte = self.peek(), byte != quote {
                if byte == UInt8(ascii: "<") {
                    return nil
                }
                if byte == UInt8(ascii: "&") {
                    guard self.reference(into: &ignored) else {
                        return nil
                    }
                } else {
                    self.position += 1
                }
            }
            guard self.consume(quote) else {
                return nil
            }
        }
    }

    /// Appends text up to the next `<`, with references replaced, to `text`. Returns false on a bad reference.
    private mutating func characterData(into text: inout [UInt8]) -> Bool {
        while let byte = self.peek(), byte != UInt8(ascii: "<") {
            if byte == UInt8(ascii: "&") {
                guard self.reference(into: &text) else {
                    return false
                }
            } else if byte == 0x0D {
                // Line ends are normalized to a line feed, as XML requires of every reader.
                text.append(0x0A)
                self.position += 1
                _ = self.consume(0x0A)
            } else {
                text.append(byte)
                self.position += 1
            }
        }
        return true
    }

    /// Reads `&name;` or `&#N;` / `&#xH;` at the current position and appends the character it stands for.
    private mutating func reference(into text: inout [UInt8]) -> Bool {
        guard let end = self.bytes[self.position...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
            return false
        }
        let body = self.bytes[(self.position + 1)..<end]
        self.position = end + 1
        switch String(decoding: body, as: UTF8.self) {
        case "lt": text.append(UInt8(ascii: "<"))
        case "gt": text.append(UInt8(ascii: ">"))
        case "amp": text.append(UInt8(ascii: "&"))
        case "quot": text.append(UInt8(ascii: "\""))
        case "apos": text.append(UInt8(ascii: "'"))
        case let numeric where numeric.hasPrefix("#"):
            let digits = numeric.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, value != 0, let scalar = Unicode.Scalar(value) else {
                return false
            }
            text += Array(String(Character(scalar)).utf8)
        default:
            return false
        }
        return true
    }

    /// Reads an XML name. Beyond ASCII every byte counts as a name byte, because the input is valid UTF-8.
    private mutating func name() -> [UInt8]? {
        guard let first = self.peek(), Self.isNameStart(first) else {
            return nil
        }
        let start = self.position
        self.position += 1
        while let byte = self.peek(), Self.isNameStart(byte) || Self.isNameContinuation(byte) {
            self.position += 1
        }
        return Array(self.bytes[start..<self.position])
    }

    private static func localName(_ qualifiedName: [UInt8]) -> String {
        let local = qualifiedName.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).last
        return String(decoding: local ?? qualifiedName[...], as: UTF8.self)
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        let isLetter =
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        return isLetter || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private static func isNameContinuation(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func peek() -> UInt8? {
        self.position < self.bytes.count ? self.bytes[self.position] : nil
    }

    private func starts(with literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard self.position + count <= self.bytes.count else {
            return false
        }
        return literal.withUTF8Buffer { self.bytes[self.position..<(self.position + count)].elementsEqual($0) }
    }

    /// Moves past the next occurrence of `terminator`. Returns false, at the end, when there is none.
    private mutating func skip(past terminator: StaticString) -> Bool {
        while self.position < self.bytes.count {
            if self.starts(with: terminator) {
                self.position += terminator.utf8CodeUnitCount
                return true
            }
            self.position += 1
        }
        return false
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard self.peek() == byte else {
            return false
        }
        self.position += 1
        return true
    }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = self.position
        while let byte = self.peek(), Self.isWhitespace(byte) {
            self.position += 1
        }
        return self.position > start
    }
}

extension String {
    fileprivate func trimmingXMLWhitespace() -> String {
        guard let first = self.firstIndex(where: { !$0.isWhitespace }),
            let last = self.lastIndex(where: { !$0.isWhitespace })
        else {
            return ""
        }
        return String(self[first...last])
    }
}
