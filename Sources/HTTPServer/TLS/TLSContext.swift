import CTLS
import Glibc

/// An OpenSSL server context loaded from a `TLSConfiguration`: TLS 1.2 and 1.3 only, OpenSSL's default
/// cipher suites, ALPN `http/1.1`. Every `TLSSession` takes its own reference to the underlying
/// `SSL_CTX`, so a connection keeps its context after the server swaps in a reloaded one.
///
/// `@unchecked Sendable`: the context is configured completely in `init` and only read afterwards;
/// OpenSSL allows `SSL_new` on one `SSL_CTX` from many threads at once.
final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer
    let configuration: TLSConfiguration

    /// Loads the certificate chain and private key and checks that they belong together.
    ///
    /// - Throws: `HTTPServerError` naming the file that could not be read or parsed, or the key that
    ///   does not match the certificate.
    init(configuration: TLSConfiguration) throws(HTTPServerError) {
        try Self.checkReadable(configuration.certificateChainPath, operation: "reading the TLS certificate chain")
        try Self.checkReadable(configuration.privateKeyPath, operation: "reading the TLS private key")
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw Self.openSSLError(operation: "creating the TLS context", path: configuration.certificateChainPath)
        }
        self.context = context
        self.configuration = configuration
        try self.configureProtocol()
        try self.loadCertificateAndKey()
    }

    deinit {
        SSL_CTX_free(self.context)
    }

    private func configureProtocol() throws(HTTPServerError) {
        // TLS 1.0 and 1.1 are deprecated by RFC 8996; OpenSSL's default cipher lists stay as they are.
        guard ctls_ctx_set_min_proto_version(self.context, TLS1_2_VERSION) == 1 else {
            throw Self.openSSLError(
                operation: "setting the minimum TLS version",
                path: self.configuration.certificateChainPath
            )
        }
        ctls_ctx_configure_server(self.context)
        ctls_ctx_reject_encrypted_keys(self.context)
        ctls_ctx_select_alpn_http11(self.context)
    }

    private func loadCertificateAndKey() throws(HTTPServerError) {
        let chainPath = self.configuration.certificateChainPath
        let keyPath = self.configuration.privateKeyPath
        guard SSL_CTX_use_certificate_chain_file(self.context, chainPath) == 1 else {
            throw Self.openSSLError(operation: "loading the TLS certificate chain", path: chainPath)
        }
        guard SSL_CTX_use_PrivateKey_file(self.context, keyPath, SSL_FILETYPE_PEM) == 1 else {
            throw Self.openSSLError(operation: "loading the TLS private key", path: keyPath)
        }
        guard SSL_CTX_check_private_key(self.context) == 1 else {
            throw Self.openSSLError(operation: "matching the TLS private key to the certificate", path: keyPath)
        }
    }

    /// Reports a missing or unreadable file with the system's wording before OpenSSL's less direct one.
    private static func checkReadable(_ path: String, operation: String) throws(HTTPServerError) {
        guard access(path, R_OK) == 0 else {
            throw HTTPServerError(operation: operation, address: path, errorNumber: errno)
        }
    }

    private static func openSSLError(operation: String, path: String) -> HTTPServerError {
        HTTPServerError(operation: operation, address: path, errorNumber: 0, tlsReason: TLSErrorQueue.drain())
    }
}

/// OpenSSL's per-thread error queue as text. OpenSSL error strings name the failing check (such as
/// "no start line" or "key values mismatch"), never key material.
enum TLSErrorQueue {
    /// Removes every queued error on this thread and returns their reasons joined by "; ".
    static func drain() -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            if let reason = ERR_reason_error_string(code) {
                reasons.append(String(cString: reason))
            } else {
                reasons.append("OpenSSL error \(code)")
            }
        }
        return reasons.isEmpty ? "unknown OpenSSL error" : reasons.joined(separator: "; ")
    }
}
