/// A path template such as `/v1/repositories/{name+}/lifecycle-policy`.
///
/// `{name}` captures one segment; `{name+}` captures one or more segments joined by `/`, so repository
/// names like `team/app` need no encoding. Literal segments after a greedy capture are reserved: the
/// path `/v1/repositories/team/app/lifecycle-policy` names the lifecycle policy of `team/app`. A name
/// whose last component equals such a literal is reached by encoding its slashes as `%2F`.
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
        case greedyParameter(String)
    }

    public let description: String
    let segments: [Segment]

    /// Parses a template; a malformed template is a programming error and stops the process.
    public init(_ template: String) {
        precondition(template.hasPrefix("/"), "A route pattern must start with '/': \(template)")
        self.description = template
        self.segments = template.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part.hasPrefix("{") && part.hasSuffix("+}") {
                return .greedyParameter(String(part.dropFirst().dropLast(2)))
            }
            if part.hasPrefix("{") && part.hasSuffix("}") {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
        let greedyCount = self.segments.filter { if case .greedyParameter = $0 { true } else { false } }.count
        precondition(greedyCount <= 1, "A route pattern may have at most one greedy parameter: \(template)")
    }

    /// Literal segments first, so the most specific pattern wins when several match.
    var specificity: (literals: Int, hasGreedy: Bool) {
        var literals = 0
        var hasGreedy = false
        for segment in self.segments {
            switch segment {
            case .literal: literals += 1
            case .greedyParameter: hasGreedy = true
            case .parameter: break
            }
        }
        return (literals, hasGreedy)
    }

    /// Matches decoded path segments; returns the captured parameters or nil.
    func match(_ path: [String]) -> [String: String]? {
        guard
            let greedyIndex = self.segments.firstIndex(where: { if case .greedyParameter = $0 { true } else { false } })
        else {
            guard path.count == self.segments.count else {
                return nil
            }
            return Self.matchFixed(Array(self.segments), path[...])
        }
        let suffixCount = self.segments.count - greedyIndex - 1
        guard path.count >= self.segments.count else {
            return nil
        }
        guard var parameters = Self.matchFixed(Array(self.segments[..<greedyIndex]), path[..<greedyIndex]),
            let suffix = Self.matchFixed(
                Array(self.segments[(greedyIndex + 1)...]),
                path[(path.count - suffixCount)...]
            )
        else {
            return nil
        }
        guard case .greedyParameter(let name) = self.segments[greedyIndex] else {
            return nil
        }
        parameters.merge(suffix) { first, _ in first }
        parameters[name] = path[greedyIndex..<(path.count - suffixCount)].joined(separator: "/")
        return parameters
    }

    private static func matchFixed(_ segments: [Segment], _ path: ArraySlice<String>) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (segment, value) in zip(segments, path) {
            switch segment {
            case .literal(let literal):
                guard literal == value else {
                    return nil
                }
            case .parameter(let name), .greedyParameter(let name):
                parameters[name] = value
            }
        }
        return parameters
    }
}
