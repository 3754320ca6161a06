/// The intermediate and final values of one SigV4 signature, kept so tests can compare each stage.
public struct SigV4Signature: Sendable, Equatable {
    /// Stage 1 followed by stage 2, in one buffer so a signature allocates once for both. The string forms
    /// below are built only when read, since signing rarely needs them.
    let stageBytes: [UInt8]
    /// The offset of stage 2 in `stageBytes`.
    let stringToSignStart: Int
    /// Stage 3: the lowercase hex signature.
    public var signature: String
    /// Stage 4: the `Authorization` header value.
    public var authorization: String
    /// The `x-amz-date` value the signature covers.
    public var amzDate: String

    /// Stage 1: the canonical request.
    public var canonicalRequest: String {
        String(decoding: self.stageBytes[..<self.stringToSignStart], as: UTF8.self)
    }

    /// Stage 2: the string to sign.
    public var stringToSign: String {
        String(decoding: self.stageBytes[self.stringToSignStart...], as: UTF8.self)
    }
}
