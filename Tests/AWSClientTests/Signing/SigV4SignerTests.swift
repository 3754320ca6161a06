import Crypto
import Foundation
import Testing

@testable import AWSClient

@Suite struct SigV4SignerTests {
    let date = SigV4TestCase.date

    func request(path: String = "/", headers: [(name: String, value: String)] = []) -> SigningRequest {
        SigningRequest(
            method: "POST",
            path: path,
            headers: [("Host", "api.ecr.us-east-1.amazonaws.com")] + headers,
            payloadHash: SHA256.hexHash(Array("{}".utf8))
        )
    }

    @Test func sessionTokenIsSigned() {
        var credentials = SigV4TestCase.credentials
        credentials.sessionToken = "session-token"
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "ecr")
        var request = self.request()
        let signature = signer.sign(&request, date: self.date)
        #expect(request.header("x-amz-security-token") == "session-token")
        #expect(signature.canonicalRequest.contains("x-amz-security-token:session-token\n"))
        #expect(signature.authorization.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"))
    }

    @Test func signingTwiceReplacesHeaders() {
        let signer = SigV4Signer(credentials: SigV4TestCase.credentials, region: "us-east-1", service: "ecr")
        var request = self.request()
        let first = signer.sign(&request, date: self.date)
        let second = signer.sign(&request, date: self.date)
        #expect(first == second)
        #expect(request.headers.filter { $0.name.lowercased() == "authorization" }.count == 1)
        #expect(request.headers.filter { $0.name.lowercased() == "x-amz-date" }.count == 1)
    }

    @Test func cachedKeyMatchesDerivedKey() {
        let cache = SigningKeyCache()
        let plain = SigV4Signer(credentials: SigV4TestCase.credentials, region: "eu-west-1", service: "ecr")
        var cached = plain
        cached.keyCache = cache
        var first = self.request()
        var second = self.request()
        #expect(plain.sign(&first, date: self.date) == cached.sign(&second, date: self.date))
        _ = cached.sign(&second, date: self.date)
        #expect(cache.count == 1)
        _ = cached.sign(&second, date: self.date.addingTimeInterval(86_400))
        #expect(cache.count == 2)
    }

    @Test func cacheIgnoresEntryOfAnotherSecret() {
        let cache = SigningKeyCache()
        var credentials = SigV4TestCase.credentials
        let original = SigV4Signer(credentials: credentials, region: "us-east-1", service: "ecr", keyCache: cache)
        credentials.secretAccessKey = "rotated-secret"
        let rotated = SigV4Signer(credentials: credentials, region: "us-east-1", service: "ecr", keyCache: cache)
        var first = self.request()
        var second = self.request()
        let before = original.sign(&first, date: self.date)
        let after = rotated.sign(&second, date: self.date)
        #expect(before.signature != after.signature)
        #expect(
            after.signature
                == SigV4Signer(credentials: credentials, region: "us-east-1", service: "ecr")
                .signature(for: second, amzDate: after.amzDate).signature
        )
    }

    @Test func amzDateFormatsAndParses() {
        #expect(AMZDate.timestamp(self.date) == "20150830T123600Z")
        #expect(AMZDate.date(from: "20150830T123600Z") == self.date)
        #expect(AMZDate.date(from: "2015-08-30") == nil)
    }

    @Test(arguments: [
        ("/", "/"),
        ("", "/"),
        ("/a/b/../c", "/a/c"),
        ("/a/./b/", "/a/b/"),
        ("/a%2Fb", "/a%252Fb"),
        ("/caf\u{e9}", "/caf%C3%A9"),
    ])
    func canonicalPath(_ input: String, _ expected: String) {
        var output: [UInt8] = []
        URIEncoding.appendCanonicalPath(input, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }

    @Test func uriEncodingKeepsOnlyUnreserved() {
        #expect(URIEncoding.encodedString("a b+c/d=e~f_g.h-i") == "a%20b%2Bc%2Fd%3De~f_g.h-i")
        #expect(URIEncoding.percentDecode("a%20b%zz") == "a b%zz")
    }
}
