import Crypto
import Foundation
import Observability
import Synchronization

/// Sends one AWS call: resolves the endpoint, signs each attempt, retries by the standard retry mode, turns
/// error responses into ``AWSError`` and records logs and metrics. Shared by every service facade and by
/// the credential providers that call STS.
final class AWSCallExecutor: Sendable {
    let configuration: AWSConfiguration
    let transport: any HTTPTransport
    let retryPolicy: RetryPolicy
    let environment: RetryEnvironment
    let keyCache = SigningKeyCache()
    let logger: Logger
    let metrics: MetricsRegistry?
    private let buckets = Mutex<[String: RetryTokenBucket]>([:])

    init(
        configuration: AWSConfiguration,
        transport: any HTTPTransport,
        environment: RetryEnvironment,
        logger: Logger,
        metrics: MetricsRegistry?
    ) {
        self.configuration = configuration
        self.transport = transport
        self.retryPolicy = RetryPolicy(maxAttempts: configuration.maxAttempts)
        self.environment = environment
        self.logger = logger
        self.metrics = metrics
    }

    /// Returns the retry token bucket of `service` in `region`, creating it on first use.
    func tokenBucket(service: AWSService, region: String) -> RetryTokenBucket {
        self.buckets.withLock { buckets in
            let key = "\(service.signingName)/\(region)"
            if let bucket = buckets[key] {
                return bucket
            }
            let bucket = RetryTokenBucket()
            buckets[key] = bucket
            return bucket
        }
    }

    /// Sends `call` and returns its successful response.
    /// - Throws: ``AWSError`` for an error response after the retries allowed, a transport failure, or
    ///   missing credentials.
    func send(_ call: AWSCall, credentials: (any CredentialProvider)?) async throws -> HTTPResponse {
        let endpoint = self.configuration.endpoints.endpoint(for: call.service, region: call.region)
        let bucket = self.tokenBucket(service: call.service, region: call.region)
        let started = ContinuousClock.now
        var attempt = 1
        var retryCost: Int?
        while true {
            let result = await self.attempt(call, endpoint: endpoint, credentials: credentials)
            switch result {
            case .success(let response):
                bucket.releaseAfterSuccess(retryCost: retryCost)
                self.record(call, attempts: attempt, started: started, requestId: response.requestId, error: nil)
                return response.response
            case .failure(var error):
                error.service = call.service.serviceId
                error.operation = call.operation
                guard let errorClass = self.retryPolicy.classify(error), attempt < self.retryPolicy.maxAttempts,
                    let cost = bucket.acquire(for: errorClass)
                else {
                    self.record(call, attempts: attempt, started: started, requestId: error.requestId, error: error)
                    throw error
                }
                retryCost = cost
                let delay = self.retryPolicy.delay(
                    afterAttempt: attempt,
                    errorClass: errorClass,
                    retryAfterMilliseconds: error.retryAfterMilliseconds,
                    randomUnit: self.environment.randomUnit()
                )
                self.recordRetry(call, attempt: attempt, error: error, delay: delay)
                try await self.environment.sleep(delay)
                attempt += 1
            }
        }
    }

    private struct Received {
        var response: HTTPResponse
        var requestId: String?
    }

    /// Makes one attempt: sign with fresh credentials, send, and classify the status.
    private func attempt(
        _ call: AWSCall,
        endpoint: ResolvedEndpoint,
        credentials: (any CredentialProvider)?
    ) async -> Result<Received, AWSError> {
        do {
            let request = try await self.signedRequest(call, endpoint: endpoint, credentials: credentials)
            let response = try await self.transport.send(request)
            let requestId = AWSErrorParser.requestId(response.headers)
            guard (200..<300).contains(response.statusCode) else {
                return .failure(AWSErrorParser.parse(response))
            }
            return .success(Received(response: response, requestId: requestId))
        } catch let error as AWSError {
            return .failure(error)
        } catch {
            return .failure(.transport("The HTTP request failed: \(error)"))
        }
    }

    /// Builds the HTTP request of `call` and signs it for the endpoint's signing region.
    func signedRequest(
        _ call: AWSCall,
        endpoint: ResolvedEndpoint,
        credentials: (any CredentialProvider)?
    ) async throws -> HTTPRequest {
        let host = Self.hostHeader(endpoint.url)
        let path = endpoint.url.path.isEmpty ? "/" : endpoint.url.path
        var signing = SigningRequest(
            method: "POST",
            path: path,
            headers: [("Host", host)] + call.headers,
            payloadHash: SHA256.hexHash(call.body)
        )
        if let provider = credentials {
            guard let resolved = try await provider.credentials() else {
                throw AWSError.credentials("No credentials were found by \(provider.name).")
            }
            let signer = SigV4Signer(
                credentials: resolved,
                region: endpoint.signingRegion,
                service: call.service.signingName,
                keyCache: self.keyCache
            )
            signer.sign(&signing, date: self.environment.now())
        }
        // URLSession sets Host itself from the URL; sending it twice would duplicate the field.
        let headers = signing.headers.filter { $0.name.lowercased() != "host" }
        return HTTPRequest(method: "POST", url: endpoint.url, headers: headers, body: call.body)
    }

    /// Returns `host[:port]` as the Host header carries it, the port omitted when it is the scheme's default.
    static func hostHeader(_ url: URL) -> String {
        let host = url.host ?? ""
        guard let port = url.port else {
            return host
        }
        let isDefault = (url.scheme == "https" && port == 443) || (url.scheme == "http" && port == 80)
        return isDefault ? host : "\(host):\(port)"
    }
}
