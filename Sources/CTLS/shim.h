// libssl for the HTTP server's TLS transport. OpenSSL defines several of the calls the server needs
// as macros over SSL_CTX_ctrl, which Swift cannot import, so they are wrapped here as inline functions.
#include <openssl/err.h>
#include <openssl/ssl.h>

static inline int ctls_ctx_set_min_proto_version(SSL_CTX *context, int version) {
    return (int)SSL_CTX_set_min_proto_version(context, version);
}

// RFC 7301 section 3.2: the server selects a protocol the client offered, or ends the handshake with
// the no_application_protocol alert. A client that sends no ALPN extension never reaches this callback.
static inline int ctls_select_http11(
    SSL *ssl, const unsigned char **out, unsigned char *outlen, const unsigned char *in, unsigned int inlen, void *arg
) {
    static const unsigned char supported[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    (void)ssl;
    (void)arg;
    unsigned char *selected = NULL;
    int status = SSL_select_next_proto(&selected, outlen, supported, sizeof(supported), in, inlen);
    if (status != OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

// OpenSSL's default passphrase callback reads from the terminal, which would block a server started with
// an encrypted key. This one supplies no passphrase, so loading such a key fails with an error instead.
static inline int ctls_no_passphrase(char *buffer, int size, int rwflag, void *userdata) {
    (void)buffer;
    (void)size;
    (void)rwflag;
    (void)userdata;
    return 0;
}

static inline void ctls_ctx_reject_encrypted_keys(SSL_CTX *context) {
    SSL_CTX_set_default_passwd_cb(context, ctls_no_passphrase);
}

static inline void ctls_ctx_select_alpn_http11(SSL_CTX *context) {
    SSL_CTX_set_alpn_select_cb(context, ctls_select_http11, NULL);
}

// Options every server context gets:
// - partial writes and a moving write buffer, because the connection retries a blocked SSL_write with
//   the unsent tail of a buffer that may have been reallocated by appends in the meantime;
// - released buffers, so an idle keep-alive connection does not hold about 34 kB of record buffers;
// - no renegotiation, which TLS 1.3 removed and which only adds want-write cases to reads in TLS 1.2;
// - an EOF without close_notify read as a normal end of stream, as curl and most HTTP clients close
//   that way. HTTP/1.1 framing (Content-Length, chunked) still detects a truncated request body.
static inline void ctls_ctx_configure_server(SSL_CTX *context) {
    SSL_CTX_set_mode(
        context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS
    );
    SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION | SSL_OP_IGNORE_UNEXPECTED_EOF);
}
