/// A failure to start or run the listener, with the system error that caused it.
public struct HTTPServerError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let address: String
    public let errorNumber: Int32

    public var description: String {
        "\(self.operation) failed for \(self.address): \(String(cString: strerror(self.errorNumber)))"
    }
}

#if canImport(Glibc)
    import Glibc
#endif
