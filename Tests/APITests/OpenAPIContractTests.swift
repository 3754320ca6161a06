import Foundation
import Testing

/// Keeps openapi/openapi.yaml and the route table in step: a route without a description, or a
/// description without a route, fails here.
@Suite struct OpenAPIContractTests {
    /// Reads `METHOD /path` pairs from the document's `paths` section (two-space YAML indentation).
    static func documentedOperations() throws -> Set<String> {
        let url = TestApplication.repositoryRoot.appendingPathComponent("openapi/openapi.yaml")
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head"]
        var operations: Set<String> = []
        var inPaths = false
        var currentPath: String?
        for line in lines {
            if !line.hasPrefix(" ") && !line.isEmpty {
                inPaths = line == "paths:"
                continue
            }
            guard inPaths else {
                continue
            }
            if line.hasPrefix("  /") && line.hasSuffix(":") && !line.hasPrefix("   ") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    ") && !line.hasPrefix("     ") && line.hasSuffix(":"),
                let path = currentPath
            {
                let method = String(line.dropFirst(4).dropLast())
                if methods.contains(method) {
                    operations.insert("\(method.uppercased()) \(path)")
                }
            }
        }
        return operations
    }

    @Test func documentAndRoutesMatch() async throws {
        try await withApplication { app in
            let routed = Set(app.routes.map { "\($0.method) \($0.pattern.replacingOccurrences(of: "+}", with: "}"))" })
            let documented = try Self.documentedOperations()
            #expect(!documented.isEmpty)
            let undocumented = routed.subtracting(documented).sorted()
            let unrouted = documented.subtracting(routed).sorted()
            #expect(undocumented == [], "routes missing from openapi/openapi.yaml")
            #expect(unrouted == [], "operations in openapi/openapi.yaml that the server does not route")
        }
    }
}
