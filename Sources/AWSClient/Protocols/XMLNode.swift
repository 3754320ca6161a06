import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed XML element: name without namespace prefix, text content and child elements.
public struct XMLNode: Sendable, Equatable {
    public var name: String
    public var text: String
    public var children: [XMLNode]

    /// Parses `bytes` as an XML document. Returns nil when it is not well-formed or not valid UTF-8.
    public static func parse(_ bytes: [UInt8]) -> XMLNode? {
        // FoundationXML (swift-corelibs-foundation, Swift 6.3.1) traps on an element name that is not valid
        // UTF-8, such as `<a\u{FF}>`. AWS sends UTF-8 only, so any other body is rejected before it gets there.
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return nil
        }
        let builder = XMLTreeBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = builder
        guard parser.parse() else {
            return nil
        }
        return builder.root
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

/// Builds an ``XMLNode`` tree from XMLParser events.
private final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [XMLNode] = []
    var root: XMLNode?

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let localName = elementName.split(separator: ":").last.map(String.init) ?? elementName
        self.stack.append(XMLNode(name: localName, text: "", children: []))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !self.stack.isEmpty else {
            return
        }
        self.stack[self.stack.count - 1].text += string
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?
    ) {
        guard var node = self.stack.popLast() else {
            return
        }
        if !node.children.isEmpty {
            // Mixed content does not occur in AWS responses; the whitespace between child elements is noise.
            node.text = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if self.stack.isEmpty {
            self.root = node
        } else {
            self.stack[self.stack.count - 1].children.append(node)
        }
    }
}
