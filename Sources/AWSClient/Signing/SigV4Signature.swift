/// The intermediate and final values of one SigV4 signature, kept so tests can compare each stage.
public struct SigV4Signature: Sendable, Equatable {
    /// Stage 1 and 2 as bytes; the string forms below are built only when read, since signing rarely needs them.
    let canonicalRequestBytes: [UInt8]
    let stringToSignBytes: [UInt8]
    /// Stage 3: the lowercase hex signature.
    public var signature: String
    /// Stage 4: the `Authorization` header value.
    public var authorization: String
    /// The `x-amz-date` value the signature covers.
    public var amzDate: String

    /// Stage 1: the canonical request.
    public var canonicalRequest: String {
        String(decoding: self.canonicalRequestBytes, as: UTF8.self)
    }

    /// Stage 2: the string to sign.
    public var stringToSign: String {
        String(decoding: self.stringToSignBytes, as: UTF8.self)
    }
}
