/// Every problem found while validating one document, reported together so a caller can fix them in one pass.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems in the order they were found; never empty when thrown.
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    /// Creates a validation error with a single problem.
    public init(field: FieldPath, message: String) {
        self.errors = [FieldError(field: field.description, message: message)]
    }

    public var description: String {
        self.errors.map { "\($0.field.isEmpty ? "(document)" : $0.field): \($0.message)" }.joined(separator: "; ")
    }
}
