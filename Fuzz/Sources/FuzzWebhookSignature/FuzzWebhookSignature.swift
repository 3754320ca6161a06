import ControlPlane
import Crypto
import Foundation

private let secret = Array("fuzz-webhook-secret".utf8)
private let verifier = CIWebhookVerifier(secret: secret)
private let now = Date(timeIntervalSince1970: 1_800_000_000)

/// Parses the first line of the input as a signature header, and checks a whole delivery built from the
/// input: the first line as `X-Signature-256`, the second as `X-Timestamp`, the rest as the body.
///
/// A parsed signature must be 32 bytes that print back to the same header in lowercase. A delivery may be
/// accepted only when its header is the real HMAC of its body, which random input cannot forge.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebhookSignature(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let lines = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
    let header = String(decoding: lines.first ?? [], as: UTF8.self)

    if let mac = WebhookSignature.parse(Substring(header)) {
        precondition(mac.count == SHA256.byteCount, "A parsed signature is not 32 bytes.")
        let printed = WebhookSignature.prefix + Hex.encode(mac)
        precondition(printed == header.lowercased(), "A parsed signature does not print back to its header.")
    }

    let timestamp = lines.count > 1 ? String(decoding: lines[1], as: UTF8.self) : nil
    let body = lines.count > 2 ? Array(lines[2]) : []
    let rejection = verifier.rejection(signatures: [header, nil], timestamp: timestamp, body: body, now: now)
    if rejection == nil {
        let expected = WebhookSignature.sign(body, secret: secret)
        precondition(header.lowercased() == expected, "A delivery without the body's HMAC was accepted.")
    }
    return 0
}
