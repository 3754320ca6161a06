/// Header fields in arrival order, looked up case-insensitively (RFC 9110, section 5.1).
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { (name: $0.0, value: $0.1) }
    }

    public var count: Int { self.fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        self.fields.makeIterator()
    }

    /// Returns the first value of `name`, or nil when the field is absent.
    public subscript(name: String) -> String? {
        self.fields.first { Self.namesMatch($0.name, name) }?.value
    }

    /// Returns every value of `name`, in arrival order.
    public func values(of name: String) -> [String] {
        self.fields.filter { Self.namesMatch($0.name, name) }.map(\.value)
    }

    /// Reports whether a field named `name` is present.
    public func contains(_ name: String) -> Bool {
        self.fields.contains { Self.namesMatch($0.name, name) }
    }

    /// Appends a field, keeping any existing ones of the same name.
    public mutating func add(name: String, value: String) {
        self.fields.append((name: name, value: value))
    }

    /// Replaces every field named `name` with one field holding `value`.
    public mutating func replaceOrAdd(name: String, value: String) {
        self.remove(name)
        self.fields.append((name: name, value: value))
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        self.fields.removeAll { Self.namesMatch($0.name, name) }
    }

    /// Returns the comma-separated elements of every `name` field, trimmed and lowercased, as in `Connection`.
    public func tokens(of name: String) -> [String] {
        self.values(of: name).flatMap { value in
            value.split(separator: ",").map { $0.trimmingOWS().lowercased() }.filter { !$0.isEmpty }
        }
    }

    /// Compares field names ASCII case-insensitively without allocating (field names are tokens).
    static func namesMatch(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else {
            return false
        }
        return lhs.utf8.elementsEqual(rhs.utf8) { left, right in
            left == right || (left | 0x20 == right | 0x20 && (left | 0x20) >= 0x61 && (left | 0x20) <= 0x7A)
        }
    }
}

extension StringProtocol {
    /// Returns the text without leading and trailing spaces and horizontal tabs (RFC 9110 "OWS").
    func trimmingOWS() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" {
            view.removeFirst()
        }
        while let last = view.last, last == " " || last == "\t" {
            view.removeLast()
        }
        return String(view)
    }
}
