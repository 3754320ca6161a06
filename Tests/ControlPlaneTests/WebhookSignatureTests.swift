import Crypto
import Foundation
import Testing

@testable import ControlPlane

@Suite("WebhookSignature")
struct WebhookSignatureTests {
    let secret = Array("It's a Secret to Everybody".utf8)
    let body = Array("Hello, World!".utf8)
    /// The example GitHub documents for this secret and body.
    let githubExample = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

    @Test("parses a well-formed header")
    func parsesWellFormedHeader() throws {
        let bytes = try #require(WebhookSignature.parse(Substring(self.githubExample)))
        #expect(bytes.count == 32)
        #expect(Hex.encode(bytes) == String(self.githubExample.dropFirst(7)))
        #expect(
            WebhookSignature.parse(
                Substring(self.githubExample.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="))
            ) == bytes
        )
    }

    @Test(
        "rejects malformed headers",
        arguments: [
            "", "sha256=", "sha256", "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e177",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1g",
            " sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043é",
        ]
    )
    func rejectsMalformedHeaders(header: String) {
        #expect(WebhookSignature.parse(Substring(header)) == nil)
    }

    @Test("signs like GitHub")
    func signsLikeGitHub() {
        #expect(WebhookSignature.sign(self.body, secret: self.secret) == self.githubExample)
        #expect(WebhookSignature.isValid(Substring(self.githubExample), body: self.body, secret: self.secret))
        #expect(!WebhookSignature.isValid(Substring(self.githubExample), body: self.body + [0x0A], secret: self.secret))
        #expect(!WebhookSignature.isValid(Substring(self.githubExample), body: self.body, secret: Array("other".utf8)))
    }

    @Test("verifier accepts a fresh signed delivery")
    func verifierAcceptsFreshDelivery() {
        let verifier = CIWebhookVerifier(secret: self.secret)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let signature = WebhookSignature.sign(self.body, secret: self.secret)
        #expect(
            verifier.rejection(signatures: [signature, nil], timestamp: "1800000000", body: self.body, now: now) == nil
        )
        #expect(
            verifier.rejection(signatures: [nil, signature], timestamp: "1799999701", body: self.body, now: now) == nil
        )
    }

    @Test("verifier names each rejection")
    func verifierNamesEachRejection() {
        let verifier = CIWebhookVerifier(secret: self.secret)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let signature = WebhookSignature.sign(self.body, secret: self.secret)
        let reason = { (signature: String?, timestamp: String?) in
            verifier.rejection(signatures: [signature], timestamp: timestamp, body: self.body, now: now) ?? "accepted"
        }
        #expect(reason(nil, "1800000000").hasPrefix("missing signature"))
        #expect(reason(String(signature.dropLast(2)), "1800000000").hasPrefix("malformed signature"))
        #expect(reason(WebhookSignature.sign([1], secret: self.secret), "1800000000").hasPrefix("signature mismatch"))
        #expect(reason(signature, nil).hasPrefix("missing timestamp"))
        #expect(reason(signature, "-1").hasPrefix("malformed timestamp"))
        #expect(reason(signature, "1800000000.5").hasPrefix("malformed timestamp"))
        #expect(reason(signature, "1799999699").hasPrefix("stale timestamp"))
        #expect(reason(signature, "1800000301").hasPrefix("stale timestamp"))
    }
}
