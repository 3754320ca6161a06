import Crypto
import Foundation
import Testing

@testable import AWSClient

/// One case of the AWS SigV4 test suite in the test resources: the request to sign and the expected
/// canonical request, string to sign, Authorization value and signed request.
struct SigV4TestCase: CustomTestStringConvertible, Sendable {
    let name: String
    let directory: URL

    var testDescription: String { self.name }

    /// The suite's fixed inputs, from its README.
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z
    static let region = "us-east-1"
    static let service = "service"

    /// The suite folder; on Linux the bundle's resource URL already ends in the copied `Resources` folder.
    static var suiteDirectory: URL {
        let resources = Bundle.module.resourceURL!
        let direct = resources.appendingPathComponent("sigv4")
        if FileManager.default.fileExists(atPath: direct.path) {
            return direct
        }
        return resources.appendingPathComponent("Resources/sigv4")
    }

    /// Every folder that contains `<folder>.req`, at any depth (`normalize-path/…`, `post-sts-token/…`).
    static let all: [SigV4TestCase] = {
        let root = suiteDirectory
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            return []
        }
        var cases: [SigV4TestCase] = []
        for case let url as URL in enumerator where url.pathExtension == "req" {
            let directory = url.deletingLastPathComponent()
            guard url.deletingPathExtension().lastPathComponent == directory.lastPathComponent else {
                continue
            }
            let relative = directory.path.replacingOccurrences(of: root.path + "/", with: "")
            cases.append(SigV4TestCase(name: relative, directory: directory))
        }
        return cases.sorted { $0.name < $1.name }
    }()

    func file(_ suffix: String) throws -> String {
        let url = self.directory.appendingPathComponent("\(self.directory.lastPathComponent).\(suffix)")
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// Parses the `.req` file into a signing request, the session token it carries, and its body.
    func request() throws -> (request: SigningRequest, sessionToken: String?) {
        let text = try self.file("req")
        let (head, body) = Self.splitBody(text)
        var lines = head.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        var target = String(requestLine.dropFirst(method.count + 1))
        if target.hasSuffix(" HTTP/1.1") {
            target.removeLast(" HTTP/1.1".count)
        }
        let (path, query) = Self.splitTarget(target)
        var headers = Self.parseHeaders(lines)
        let token = headers.first { $0.name.lowercased() == "x-amz-security-token" }?.value
        headers.removeAll { $0.name.lowercased() == "x-amz-security-token" }
        let request = SigningRequest(
            method: method,
            path: path,
            query: query,
            headers: headers,
            payloadHash: Crypto.SHA256.hexHash(Array(body.utf8))
        )
        return (request, token)
    }

    private static func splitBody(_ text: String) -> (String, String) {
        guard let range = text.range(of: "\n\n") else {
            return (text, "")
        }
        return (String(text[..<range.lowerBound]), String(text[range.upperBound...]))
    }

    private static func splitTarget(_ target: String) -> (String, [(name: String, value: String)]) {
        guard let mark = target.firstIndex(of: "?") else {
            return (target, [])
        }
        let path = String(target[..<mark])
        let query = target[target.index(after: mark)...].split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = URIEncoding.percentDecode(parts[0])
            let value = parts.count > 1 ? URIEncoding.percentDecode(parts[1]) : ""
            return (name: name, value: value)
        }
        return (path, query)
    }

    /// Parses `Name:value` lines; a line starting with whitespace continues the previous field and is kept
    /// as one more value of it, which the signer joins with a comma.
    private static func parseHeaders(_ lines: [String]) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", let last = headers.last {
                headers.append((last.name, line))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                continue
            }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        return headers
    }
}
