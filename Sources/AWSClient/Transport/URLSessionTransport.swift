import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// ``HTTPTransport`` over URLSession.
///
/// URLSession has no separate connect timeout, so `connectTimeout` is its idle timeout
/// (`timeoutIntervalForRequest`): the longest wait for the connection or for the next bytes. `requestTimeout`
/// bounds the whole exchange (`timeoutIntervalForResource`).
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    /// Creates a transport with its own session; both timeouts are in seconds.
    public init(connectTimeout: TimeInterval = 5, requestTimeout: TimeInterval = 30) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = connectTimeout
        configuration.timeoutIntervalForResource = requestTimeout
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = URLSession(configuration: configuration)
    }

    deinit {
        self.session.finishTasksAndInvalidate()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers {
            urlRequest.addValue(value, forHTTPHeaderField: name)
        }
        if !request.body.isEmpty {
            urlRequest.httpBody = Data(request.body)
        }
        return try await withCheckedThrowingContinuation { continuation in
            let task = self.session.dataTask(with: urlRequest) { data, response, error in
                continuation.resume(with: Self.result(data: data, response: response, error: error))
            }
            task.resume()
        }
    }

    private static func result(data: Data?, response: URLResponse?, error: (any Error)?) -> Result<
        HTTPResponse, any Error
    > {
        if let error {
            return .failure(Self.transportError(error))
        }
        guard let http = response as? HTTPURLResponse else {
            return .failure(AWSError.transport("The response was not an HTTP response."))
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String {
                headers[name.lowercased()] = value
            }
        }
        return .success(HTTPResponse(statusCode: http.statusCode, headers: headers, body: Array(data ?? Data())))
    }

    private static func transportError(_ error: any Error) -> AWSError {
        let nsError = error as NSError
        if nsError.domain == NSURLErrorDomain, nsError.code == NSURLErrorTimedOut {
            return .timeout("The request timed out: \(nsError.localizedDescription)")
        }
        return .transport("The HTTP request failed: \(nsError.localizedDescription)")
    }
}
