/// The one error type of the AWS client: a service error with its AWS code, or a failure before a
/// service responded (transport, timeout, credentials, configuration, an unreadable response).
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The place where the failure happened.
    public enum Kind: String, Sendable, Equatable {
        /// The service responded with an error status; `code` is the AWS error code.
        case service
        /// The connection failed or broke before a complete response arrived.
        case transport
        /// The connect or request timeout passed.
        case timeout
        /// A success status whose body could not be decoded.
        case invalidResponse
        /// No credential provider returned credentials, or a provider failed.
        case credentials
        /// The configuration is incomplete, for example no region.
        case configuration
    }

    public var kind: Kind
    /// The AWS error code, such as `RepositoryNotFoundException`; for other kinds a fixed code naming the
    /// kind (`TransportError`, `RequestTimeout`, `InvalidResponse`, `CredentialsError`, `ConfigurationError`).
    public var code: String
    public var message: String
    /// The HTTP status; nil when no response arrived.
    public var statusCode: Int?
    /// The request id AWS returned, for support cases and log correlation.
    public var requestId: String?
    /// The service and operation of the failed call, when the error came from one.
    public var service: String?
    public var operation: String?
    /// Milliseconds the service asked the client to wait (`x-amz-retry-after`).
    public var retryAfterMilliseconds: Int?

    public init(
        kind: Kind,
        code: String,
        message: String,
        statusCode: Int? = nil,
        requestId: String? = nil,
        service: String? = nil,
        operation: String? = nil,
        retryAfterMilliseconds: Int? = nil
    ) {
        self.kind = kind
        self.code = code
        self.message = message
        self.statusCode = statusCode
        self.requestId = requestId
        self.service = service
        self.operation = operation
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }

    /// True when no service response caused the error: a connection failure or a timeout.
    public var isTransportError: Bool {
        self.kind == .transport || self.kind == .timeout
    }

    /// True when a tag already points at another image in an immutable repository. Real ECR names this
    /// `ImageTagAlreadyExistsException`; moto 5.2 names it `ImageAlreadyExistsException`.
    public var isTagConflict: Bool {
        self.code == "ImageTagAlreadyExistsException" || self.code == "ImageAlreadyExistsException"
    }

    /// True when the requested resource does not exist (any `…NotFoundException` code or `NotFound`).
    public var isNotFound: Bool {
        self.code.hasSuffix("NotFoundException") || self.code == "NotFound" || self.code == "ResourceNotFound"
    }

    /// True when the signature or the key was rejected.
    public var isAuthenticationFailure: Bool {
        ["SignatureDoesNotMatch", "InvalidClientTokenId", "UnrecognizedClientException", "IncompleteSignature"]
            .contains(self.code)
    }

    public var description: String {
        var text = "\(self.code): \(self.message)"
        if let operation = self.operation, let service = self.service {
            text += " (\(service).\(operation)"
            if let status = self.statusCode {
                text += ", HTTP \(status)"
            }
            if let requestId = self.requestId {
                text += ", request id \(requestId)"
            }
            text += ")"
        }
        return text
    }
}

extension AWSError {
    static func transport(_ message: String) -> AWSError {
        AWSError(kind: .transport, code: "TransportError", message: message)
    }

    static func timeout(_ message: String) -> AWSError {
        AWSError(kind: .timeout, code: "RequestTimeout", message: message)
    }

    static func invalidResponse(_ message: String, statusCode: Int?, requestId: String?) -> AWSError {
        AWSError(
            kind: .invalidResponse,
            code: "InvalidResponse",
            message: message,
            statusCode: statusCode,
            requestId: requestId
        )
    }

    static func credentials(_ message: String) -> AWSError {
        AWSError(kind: .credentials, code: "CredentialsError", message: message)
    }

    static func configuration(_ message: String) -> AWSError {
        AWSError(kind: .configuration, code: "ConfigurationError", message: message)
    }
}
