import Crypto
import Foundation
import HTTPServer
import Observability
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A forwarding proxy in front of moto for the image copy tests, plus a local blob server.
///
/// moto 5.2 does not implement GetDownloadUrlForLayer, and it cannot produce the S3 presigned URLs that
/// real ECR returns. The proxy handles that one operation itself and returns a URL on the blob server, which
/// serves the bytes the test registered with `register(_:)`. The blob server honours `Range` requests
/// the way S3 does. Every other request goes to moto unchanged: same method, target, headers (the SigV4
/// `Authorization` and `X-Amz-Date` included) and body bytes. moto does not check signatures unless
/// started to, so the changed `Host` does not matter. Both servers listen on 127.0.0.1 only.
final class ECRBlobProxy: Sendable {
    private struct State {
        var blobs: [String: [UInt8]] = [:]
        var corruptBlobs: [String: [UInt8]] = [:]
        var operations: [String: Int] = [:]
        var blobRequests = 0
        var failuresLeft = 0
        var failureStatus = 503
        var ignoresRange = false
    }

    /// Shared by the proxy, both responders and the test.
    private final class SharedState: Sendable {
        let lock = Mutex(State())
    }

    private let state = SharedState()
    private let proxyServer: HTTPServer
    private let blobServer: HTTPServer

    /// The endpoint to give the AWS client, as `AWS_ENDPOINT_URL`.
    var endpoint: String { "http://127.0.0.1:\(self.proxyServer.localPort)" }

    /// Starts both servers; `motoEndpoint` is where every operation except GetDownloadUrlForLayer goes.
    static func start(motoEndpoint: String) throws -> ECRBlobProxy {
        try ECRBlobProxy(motoEndpoint: motoEndpoint)
    }

    private init(motoEndpoint: String) throws {
        // Layer parts arrive base64-encoded inside JSON, so allow bodies larger than the API default.
        let limits = HTTPParserLimits(maxBodyBytes: 16 * 1024 * 1024)
        let blobResponder = BlobResponder(state: self.state)
        self.blobServer = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0),
            responder: blobResponder,
            logger: .disabled
        )
        try self.blobServer.start()
        let forwarder = ForwardingResponder(
            motoEndpoint: motoEndpoint,
            blobBaseURL: "http://127.0.0.1:\(self.blobServer.localPort)",
            state: self.state
        )
        self.proxyServer = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, limits: limits),
            responder: forwarder,
            logger: .disabled
        )
        try self.proxyServer.start()
    }

    func stop() async {
        await self.proxyServer.shutdown(gracePeriod: .seconds(1))
        await self.blobServer.shutdown(gracePeriod: .seconds(1))
    }

    /// Makes the blob server serve `bytes` under their SHA-256 digest, and returns that digest.
    @discardableResult
    func register(_ bytes: [UInt8]) -> String {
        let digest = Self.digest(of: bytes)
        self.state.lock.withLock { $0.blobs[digest] = bytes }
        return digest
    }

    /// Makes the blob server serve bytes of the same length that do not hash to `digest`.
    func corrupt(_ digest: String) {
        self.state.lock.withLock { state in
            let original = state.blobs[digest] ?? []
            state.corruptBlobs[digest] = original.map { $0 ^ 0xFF }
        }
    }

    /// Makes the blob server fail the next `count` blob requests with HTTP `status`.
    func failBlobRequests(_ count: Int, status: Int) {
        self.state.lock.withLock { state in
            state.failuresLeft = count
            state.failureStatus = status
        }
    }

    /// Makes the blob server ignore `Range` and return whole blobs with HTTP 200, as some servers do.
    func ignoreRangeHeaders() {
        self.state.lock.withLock { $0.ignoresRange = true }
    }

    /// Returns the number of requests of an ECR operation, such as `UploadLayerPart`, that reached the proxy.
    func count(of operation: String) -> Int {
        self.state.lock.withLock { $0.operations[operation, default: 0] }
    }

    /// The number of blob requests the blob server served, with or without a range.
    var blobRequests: Int { self.state.lock.withLock { $0.blobRequests } }

    static func digest(of bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hexHash(bytes)
    }

    /// Forwards every ECR call to moto except GetDownloadUrlForLayer, which it handles itself.
    private struct ForwardingResponder: HTTPResponder {
        let motoEndpoint: String
        let blobBaseURL: String
        let state: SharedState
        let session = URLSession(configuration: .ephemeral)

        func respond(to request: HTTPRequest) async -> HTTPResponse {
            let target = request.headers["X-Amz-Target"] ?? ""
            let operation = String(target.split(separator: ".").last ?? "")
            self.state.lock.withLock { $0.operations[operation, default: 0] += 1 }
            if operation == "GetDownloadUrlForLayer" {
                return self.downloadURL(for: request)
            }
            do {
                return try await self.forward(request)
            } catch {
                return HTTPResponse(status: .badGateway, contentType: "text/plain", text: "\(error)")
            }
        }

        private func forward(_ request: HTTPRequest) async throws -> HTTPResponse {
            var forwarded = URLRequest(url: URL(string: self.motoEndpoint + request.target)!)
            forwarded.httpMethod = request.method.rawValue
            let hopByHop: Set<String> = ["content-length", "connection", "transfer-encoding", "keep-alive"]
            for (name, value) in request.headers where !hopByHop.contains(name.lowercased()) {
                forwarded.addValue(value, forHTTPHeaderField: name)
            }
            forwarded.httpBody = Data(request.body)
            let (data, response) = try await self.session.data(for: forwarded)
            let http = response as! HTTPURLResponse
            var headers: HTTPHeaders = [:]
            for (name, value) in http.allHeaderFields {
                let name = String(describing: name)
                if !hopByHop.contains(name.lowercased()) {
                    headers.add(name: name, value: String(describing: value))
                }
            }
            return HTTPResponse(status: HTTPStatus(code: http.statusCode), headers: headers, body: Array(data))
        }

        /// Returns the GetDownloadUrlForLayer response as ECR does, with a URL on the blob server in place of S3.
        private func downloadURL(for request: HTTPRequest) -> HTTPResponse {
            let input = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
            let digest = input["layerDigest"] as? String ?? ""
            let known = self.state.lock.withLock { $0.blobs[digest] != nil }
            let body: [String: String] =
                known
                ? ["downloadUrl": "\(self.blobBaseURL)/blobs/\(digest)?X-Amz-Signature=test", "layerDigest": digest]
                : ["__type": "LayersNotFoundException", "message": "The layer \(digest) does not exist."]
            let data = try! JSONSerialization.data(withJSONObject: body)
            return HTTPResponse(
                status: known ? .ok : .badRequest,
                headers: ["Content-Type": "application/x-amz-json-1.1"],
                body: Array(data)
            )
        }
    }

    /// Serves registered blobs at `/blobs/<digest>`, whole or by a single `bytes=first-last` range.
    private struct BlobResponder: HTTPResponder {
        let state: SharedState

        func respond(to request: HTTPRequest) async -> HTTPResponse {
            let digest = String(request.path.dropFirst("/blobs/".count))
            let (bytes, failure, ignoresRange) = self.state.lock.withLock { state -> ([UInt8]?, Int?, Bool) in
                state.blobRequests += 1
                guard state.failuresLeft == 0 else {
                    state.failuresLeft -= 1
                    return (nil, state.failureStatus, false)
                }
                return (state.corruptBlobs[digest] ?? state.blobs[digest], nil, state.ignoresRange)
            }
            if let failure {
                return HTTPResponse(
                    status: HTTPStatus(code: failure),
                    contentType: "text/plain",
                    text: "injected failure"
                )
            }
            guard let bytes else {
                return HTTPResponse(status: .notFound, contentType: "text/plain", text: "no such blob")
            }
            guard !ignoresRange, let range = Self.range(request.headers["Range"], size: bytes.count) else {
                return HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: bytes)
            }
            return HTTPResponse(
                status: HTTPStatus(code: 206),
                headers: [
                    "Content-Type": "application/octet-stream",
                    "Content-Range": "bytes \(range.lowerBound)-\(range.upperBound)/\(bytes.count)",
                ],
                body: Array(bytes[range])
            )
        }

        private static func range(_ header: String?, size: Int) -> ClosedRange<Int>? {
            guard let header, header.hasPrefix("bytes=") else {
                return nil
            }
            let bounds = header.dropFirst("bytes=".count).split(separator: "-").compactMap { Int($0) }
            guard bounds.count == 2, bounds[0] <= bounds[1], bounds[0] < size else {
                return nil
            }
            return bounds[0]...min(bounds[1], size - 1)
        }
    }
}
