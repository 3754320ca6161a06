/// The intermediate and final values of one SigV4 signature, kept so tests can compare each stage.
public struct SigV4Signature: Sendable, Equatable {
    /// Stage 1: the canonical request.
    public var canonicalRequest: String
    /// Stage 2: the string to sign.
    public var stringToSign: String
    /// Stage 3: the lowercase hex signature.
    public var signature: String
    /// Stage 4: the `Authorization` header value.
    public var authorization: String
    /// The `x-amz-date` value the signature covers.
    public var amzDate: String
}
