/// Accumulates problems across a whole document so validation reports all of them at once.
public struct ValidationCollector: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    /// True while no problem has been recorded.
    public var isEmpty: Bool {
        self.errors.isEmpty
    }

    /// Records a problem with the field at `path`.
    public mutating func add(_ path: FieldPath, _ message: String) {
        self.errors.append(FieldError(field: path.description, message: message))
    }

    /// Records every problem of a validation error thrown by a nested check.
    public mutating func add(contentsOf error: ValidationError) {
        self.errors.append(contentsOf: error.errors)
    }

    /// Throws the collected problems, if any.
    ///
    /// - Throws: `ValidationError` with every recorded problem when at least one was recorded.
    public func finish() throws(ValidationError) {
        if !self.errors.isEmpty {
            throw ValidationError(self.errors)
        }
    }
}
