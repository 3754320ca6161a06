/// A failure to start or run the listener, or to load its TLS certificate, with the cause.
public struct HTTPServerError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    /// The listen address, or the path of the TLS file that failed to load.
    public let address: String
    /// The system error number; 0 when OpenSSL reported the failure.
    public let errorNumber: Int32
    /// OpenSSL's reason when a TLS file did not parse or match, such as "key values mismatch".
    public let tlsReason: String?

    init(operation: String, address: String, errorNumber: Int32, tlsReason: String? = nil) {
        self.operation = operation
        self.address = address
        self.errorNumber = errorNumber
        self.tlsReason = tlsReason
    }

    public var description: String {
        let cause = self.tlsReason ?? String(cString: strerror(self.errorNumber))
        return "\(self.operation) failed for \(self.address): \(cause)"
    }
}

#if canImport(Glibc)
    import Glibc
#endif
