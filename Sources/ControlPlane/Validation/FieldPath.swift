/// A location inside a JSON document, rendered as `rules[1].selection.countUnit`.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path: an object member or an array element.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public private(set) var components: [Component]

    /// The whole document; its description is the empty string.
    public static let root = FieldPath(components: [])

    public init(components: [Component]) {
        self.components = components
    }

    /// Returns the path of member `key` of the object at this path.
    public func key(_ key: String) -> FieldPath {
        FieldPath(components: self.components + [.key(key)])
    }

    /// Returns the path of element `index` of the array at this path.
    public func index(_ index: Int) -> FieldPath {
        FieldPath(components: self.components + [.index(index)])
    }

    public var description: String {
        var text = ""
        for component in self.components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where Self.isPlainIdentifier(key):
                text += text.isEmpty ? key : ".\(key)"
            case .key(let key):
                // Keys that are not identifiers (resource tag keys, IAM condition keys) use bracket notation.
                text += "[\"\(Self.escaped(key))\"]"
            }
        }
        return text
    }

    private static func escaped(_ key: String) -> String {
        var escaped = ""
        for character in key {
            if character == "\"" || character == "\\" {
                escaped.append("\\")
            }
            escaped.append(character)
        }
        return escaped
    }

    private static func isPlainIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !("0"..."9").contains(first) else {
            return false
        }
        return key.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_"
        }
    }
}
