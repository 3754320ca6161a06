/// One problem found in a request document: the JSON path of the offending field and what to do about it.
public struct FieldError: Sendable, Hashable, Codable {
    /// JSON path such as `rules[2].destinations[0].region`. The empty string is the whole document.
    public let field: String
    /// The problem and its fix, e.g. "must be between 2 and 256 characters; got 1".
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
