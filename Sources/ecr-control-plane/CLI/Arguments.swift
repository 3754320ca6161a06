/// Parsed command-line options: `--name value`, `--name=value`, repeatable options and boolean flags.
/// Values not given on the command line fall back to an environment variable, then a default.
struct Arguments {
    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    private var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positional: [String] = []
    let environment: [String: String]

    /// Parses `arguments`, accepting only the options in `options` and the flags in `flags`.
    init(
        _ arguments: some Sequence<String>,
        options: Set<String>,
        flags: Set<String> = [],
        environment: [String: String]
    ) throws {
        self.environment = environment
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--") else {
                self.positional.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if flags.contains(name) || name == "help" {
                guard inlineValue == nil else {
                    throw UsageError(description: "--\(name) takes no value")
                }
                self.flags.insert(name)
                continue
            }
            guard options.contains(name) else {
                throw UsageError(description: "unknown option --\(name); see --help")
            }
            guard let value = inlineValue ?? iterator.next() else {
                throw UsageError(description: "--\(name) needs a value")
            }
            self.values[name, default: []].append(value)
        }
    }

    var wantsHelp: Bool { self.flags.contains("help") }

    /// Returns the last `--name` value, else the environment variable `variable`, else nil.
    func value(_ name: String, environment variable: String? = nil) -> String? {
        if let value = self.values[name]?.last {
            return value
        }
        if let variable, let value = self.environment[variable], !value.isEmpty {
            return value
        }
        return nil
    }

    /// Returns every `--name` value in order.
    func values(_ name: String) -> [String] {
        self.values[name] ?? []
    }

    /// Returns the value as an integer within `range`, or `fallback` when absent.
    func integer(_ name: String, environment variable: String?, default fallback: Int, range: ClosedRange<Int>) throws
        -> Int
    {
        guard let text = self.value(name, environment: variable) else {
            return fallback
        }
        guard let value = Int(text), range.contains(value) else {
            let source = self.values[name] != nil ? "--\(name)" : (variable ?? "--\(name)")
            throw UsageError(
                description:
                    "\(source) must be an integer from \(range.lowerBound) to \(range.upperBound); got '\(text)'"
            )
        }
        return value
    }

    /// Returns a required option, throwing a usage error naming it when missing.
    func required(_ name: String, environment variable: String? = nil) throws -> String {
        guard let value = self.value(name, environment: variable) else {
            let hint = variable.map { " (or set \($0))" } ?? ""
            throw UsageError(description: "--\(name) is required\(hint)")
        }
        return value
    }
}
