/// The form parameters of an awsQuery request, in insertion order.
public struct QueryParameters: Sendable, Equatable {
    public private(set) var pairs: [(name: String, value: String)] = []

    public init() {}

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Adds `name=value`; a nil value adds nothing.
    public mutating func add(_ name: String, _ value: String?) {
        if let value {
            self.pairs.append((name, value))
        }
    }

    /// Adds an integer parameter; nil adds nothing.
    public mutating func add(_ name: String, _ value: Int?) {
        self.add(name, value.map(String.init))
    }

    /// Adds a list as `name.member.1`, `name.member.2`, … (awsQuery lists are 1-based).
    public mutating func addList(_ name: String, _ values: [String]?) {
        for (index, value) in (values ?? []).enumerated() {
            self.pairs.append(("\(name).member.\(index + 1)", value))
        }
    }

    /// Adds a map as `name.entry.N.key` and `name.entry.N.value`, keys sorted so the body is stable.
    public mutating func addMap(_ name: String, _ map: [String: String]?) {
        for (index, key) in (map ?? [:]).keys.sorted().enumerated() {
            self.pairs.append(("\(name).entry.\(index + 1).key", key))
            self.pairs.append(("\(name).entry.\(index + 1).value", map![key]!))
        }
    }

    /// Adds a list of structures as `name.member.N.<field>`, letting `encode` write each element's fields.
    public mutating func addStructureList<Element>(
        _ name: String,
        _ elements: [Element]?,
        encode: (Element, String, inout QueryParameters) -> Void
    ) {
        for (index, element) in (elements ?? []).enumerated() {
            encode(element, "\(name).member.\(index + 1)", &self)
        }
    }

    /// Returns the `application/x-www-form-urlencoded` body: names and values URI-encoded with the SigV4
    /// unreserved set, so `+`, `/` and `=` inside values arrive intact.
    public func formEncoded() -> [UInt8] {
        var output: [UInt8] = []
        for (index, pair) in self.pairs.enumerated() {
            if index > 0 {
                output.append(UInt8(ascii: "&"))
            }
            URIEncoding.append(pair.name.utf8, to: &output)
            output.append(UInt8(ascii: "="))
            URIEncoding.append(pair.value.utf8, to: &output)
        }
        return output
    }
}

/// A request of an awsQuery operation: it writes its fields as form parameters.
public protocol QueryEncodable: Sendable {
    func encode(into parameters: inout QueryParameters)
}
