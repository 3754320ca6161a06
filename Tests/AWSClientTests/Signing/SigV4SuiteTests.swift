import Foundation
import Testing

@testable import AWSClient

/// The 31 cases of AWS's SigV4 test suite, each compared stage by stage.
@Suite struct SigV4SuiteTests {
    @Test func suiteHasAllCases() {
        #expect(SigV4TestCase.all.count == 31)
    }

    @Test(arguments: SigV4TestCase.all)
    func signsLikeTheSuite(_ testCase: SigV4TestCase) throws {
        var (request, token) = try testCase.request()
        var credentials = SigV4TestCase.credentials
        credentials.sessionToken = token
        let signer = SigV4Signer(credentials: credentials, region: SigV4TestCase.region, service: SigV4TestCase.service)

        let signature = signer.sign(&request, date: SigV4TestCase.date)

        #expect(signature.canonicalRequest == (try testCase.file("creq")))
        #expect(signature.stringToSign == (try testCase.file("sts")))
        #expect(signature.authorization == (try testCase.file("authz")))
        #expect(request.header("Authorization") == (try testCase.file("authz")))
        #expect((try testCase.file("sreq")).contains("Authorization: \(signature.authorization)"))
    }
}
