/// The certificate and private key that turn the listener into HTTPS.
public struct TLSConfiguration: Sendable, Equatable {
    /// PEM file with the server certificate first, then any intermediate certificates in signing order.
    public var certificateChainPath: String
    /// PEM file with the unencrypted private key of the server certificate.
    public var privateKeyPath: String

    public init(certificateChainPath: String, privateKeyPath: String) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
    }
}
