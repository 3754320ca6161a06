import CTLS
import Glibc

/// The TLS state of one accepted socket: a server-side `SSL` object over the non-blocking descriptor.
/// Every call returns at once; `wantRead` and `wantWrite` tell the connection which readiness edge to
/// wait for before calling again. Use it only on its connection's queue.
final class TLSSession {
    /// The result of one handshake, read or write step.
    enum Outcome: Equatable {
        /// The handshake finished, or this many bytes were read or written.
        case done(Int)
        /// OpenSSL needs more bytes from the peer before it can continue.
        case wantRead
        /// OpenSSL needs the socket to accept more bytes before it can continue.
        case wantWrite
        /// The peer closed the connection.
        case closed
        /// The TLS layer failed; the connection cannot continue. The reason is OpenSSL's or errno's text.
        case failed(reason: String)
    }

    private let ssl: OpaquePointer

    /// Creates the session, or returns nil when OpenSSL cannot allocate it.
    init?(context: TLSContext, fd: Int32) {
        guard let ssl = SSL_new(context.context) else {
            ERR_clear_error()
            return nil
        }
        // SSL_set_fd wraps the descriptor in a socket BIO that does not close it; Connection closes it.
        guard SSL_set_fd(ssl, fd) == 1 else {
            ERR_clear_error()
            SSL_free(ssl)
            return nil
        }
        SSL_set_accept_state(ssl)
        self.ssl = ssl
    }

    deinit {
        SSL_free(self.ssl)
    }

    /// Runs the server handshake as far as the socket allows.
    func handshake() -> Outcome {
        ERR_clear_error()
        let status = SSL_do_handshake(self.ssl)
        return status == 1 ? .done(0) : self.outcome(of: status)
    }

    /// Decrypts up to `buffer.count` bytes of application data into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Outcome {
        ERR_clear_error()
        let count = SSL_read(self.ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        return count > 0 ? .done(Int(count)) : self.outcome(of: count)
    }

    /// Encrypts and sends as much of `bytes` as the socket accepts.
    func write(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        ERR_clear_error()
        let count = SSL_write(self.ssl, bytes.baseAddress, Int32(clamping: bytes.count))
        return count > 0 ? .done(Int(count)) : self.outcome(of: count)
    }

    /// Sends close_notify if the socket takes it now, without waiting for the peer's reply (RFC 8446
    /// section 6.1 allows closing the read side without it). Does nothing before the handshake finished.
    func sendCloseNotify() {
        guard SSL_is_init_finished(self.ssl) == 1 else {
            return
        }
        _ = SSL_shutdown(self.ssl)
        ERR_clear_error()
    }

    /// The negotiated protocol version, such as "TLSv1.3".
    var protocolVersion: String {
        String(cString: SSL_get_version(self.ssl))
    }

    /// True when the handshake resumed an earlier session (a ticket or a cached session id).
    var isResumed: Bool {
        SSL_session_reused(self.ssl) == 1
    }

    /// The ALPN protocol the handshake selected, or nil when the client offered none.
    var applicationProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(self.ssl, &data, &length)
        guard let data, length > 0 else {
            return nil
        }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    private func outcome(of status: Int32) -> Outcome {
        let systemError = errno
        switch SSL_get_error(self.ssl, status) {
        case SSL_ERROR_WANT_READ:
            return .wantRead
        case SSL_ERROR_WANT_WRITE:
            return .wantWrite
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        case SSL_ERROR_SYSCALL:
            ERR_clear_error()
            if systemError == 0 || systemError == ECONNRESET || systemError == EPIPE {
                return .closed
            }
            return .failed(reason: String(cString: strerror(systemError)))
        default:
            return .failed(reason: TLSErrorQueue.drain())
        }
    }
}
