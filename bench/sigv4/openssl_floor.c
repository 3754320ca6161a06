/* Measures what one SigV4 signature costs in libcrypto alone on this machine: the one-shot calls the
 * Crypto module makes today (EVP_Digest with EVP_sha256(), HMAC()) against reused, pre-fetched contexts.
 * Build and run: cc -O2 bench/sigv4/openssl_floor.c -o /tmp/openssl_floor -lcrypto && /tmp/openssl_floor
 */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(void) {
    unsigned char canonical[350], digest[32], key[32] = {1};
    unsigned int length;
    size_t mac_length;
    const int n = 500000;
    memset(canonical, 'A', sizeof canonical);

    double start = now_ns();
    for (int i = 0; i < n; i++) EVP_Digest(canonical, sizeof canonical, digest, &length, EVP_sha256(), NULL);
    printf("one-shot EVP_Digest, 350 bytes: %.0f ns\n", (now_ns() - start) / n);

    EVP_MD *md = EVP_MD_fetch(NULL, "SHA256", NULL);
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    start = now_ns();
    for (int i = 0; i < n; i++) {
        EVP_DigestInit_ex2(context, md, NULL);
        EVP_DigestUpdate(context, canonical, sizeof canonical);
        EVP_DigestFinal_ex(context, digest, &length);
    }
    printf("reused digest context, 350 bytes: %.0f ns\n", (now_ns() - start) / n);

    start = now_ns();
    for (int i = 0; i < n; i++) HMAC(EVP_sha256(), key, sizeof key, canonical, 120, digest, &length);
    printf("one-shot HMAC, 120 bytes: %.0f ns\n", (now_ns() - start) / n);

    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *mac_context = EVP_MAC_CTX_new(mac);
    OSSL_PARAM parameters[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
        OSSL_PARAM_construct_end(),
    };
    EVP_MAC_init(mac_context, key, sizeof key, parameters);
    start = now_ns();
    for (int i = 0; i < n; i++) {
        EVP_MAC_init(mac_context, key, sizeof key, NULL);
        EVP_MAC_update(mac_context, canonical, 120);
        EVP_MAC_final(mac_context, digest, &mac_length, sizeof digest);
    }
    printf("reused HMAC context, 120 bytes: %.0f ns\n", (now_ns() - start) / n);
    return 0;
}
