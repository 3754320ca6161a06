import Foundation
import Testing

@testable import AWSClient

@Suite struct ErrorParsingTests {
    @Test func jsonTypeWithNamespace() {
        let response = HTTPResponse.json(
            400,
            #"{"__type":"com.amazonaws.ecr#RepositoryNotFoundException","message":"The repository does not exist"}"#,
            headers: ["x-amzn-RequestId": "req-1"]
        )
        let error = AWSErrorParser.parse(response)
        #expect(error.code == "RepositoryNotFoundException")
        #expect(error.message == "The repository does not exist")
        #expect(error.statusCode == 400)
        #expect(error.requestId == "req-1")
        #expect(error.kind == .service)
    }

    @Test func jsonTypeWithoutNamespaceAndCapitalMessage() {
        let error = AWSErrorParser.parse(.json(400, #"{"__type":"ThrottlingException","Message":"Rate exceeded"}"#))
        #expect(error.code == "ThrottlingException")
        #expect(error.message == "Rate exceeded")
    }

    @Test func queryErrorHeaderWinsOverJSONType() {
        let response = HTTPResponse.json(
            400,
            #"{"__type":"com.amazonaws.cloudwatch#ResourceNotFoundException","message":"missing"}"#,
            headers: ["x-amzn-query-error": "ResourceNotFound;Sender"]
        )
        let error = AWSErrorParser.parse(response)
        #expect(error.code == "ResourceNotFound")
        #expect(error.message == "missing")
    }

    @Test func errorTypeHeaderWithURLSuffix() {
        let response = HTTPResponse(
            statusCode: 403,
            headers: ["x-amzn-ErrorType": "AccessDeniedException:http://internal.amazon.com/coral/"],
            body: []
        )
        let error = AWSErrorParser.parse(response)
        #expect(error.code == "AccessDeniedException")
        #expect(error.statusCode == 403)
    }

    @Test func xmlErrorResponse() {
        let body = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error>
                <Type>Sender</Type>
                <Code>SignatureDoesNotMatch</Code>
                <Message>The request signature we calculated does not match the signature you provided.</Message>
              </Error>
              <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
            </ErrorResponse>
            """
        let error = AWSErrorParser.parse(HTTPResponse(statusCode: 403, body: Array(body.utf8)))
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.message.hasPrefix("The request signature we calculated"))
        #expect(error.requestId == "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
        #expect(error.statusCode == 403)
        #expect(error.isAuthenticationFailure)
    }

    @Test func xmlErrorOfEC2Shape() {
        let body =
            "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>slow</Message></Error></Errors>"
            + "<RequestID>id-9</RequestID></Response>"
        let error = AWSErrorParser.parse(HTTPResponse(statusCode: 503, body: Array(body.utf8)))
        #expect(error.code == "RequestLimitExceeded")
        #expect(error.requestId == "id-9")
    }

    @Test func htmlServerErrorKeepsStatus() {
        let body =
            "<!doctype html>\n<html><title>500 Internal Server Error</title><h1>Internal Server Error</h1></html>"
        let error = AWSErrorParser.parse(
            HTTPResponse(statusCode: 500, headers: ["content-type": "text/html"], body: Array(body.utf8))
        )
        #expect(error.kind == .service)
        #expect(error.code == "500")
        #expect(error.statusCode == 500)
        #expect(error.message.contains("Internal Server Error"))
    }

    @Test func emptyBodyKeepsStatus() {
        let error = AWSErrorParser.parse(HTTPResponse(statusCode: 404, headers: ["x-amz-request-id": "r-2"], body: []))
        #expect(error.code == "404")
        #expect(error.message.contains("empty body"))
        #expect(error.requestId == "r-2")
    }

    @Test func truncatedJSONIsNotACrash() {
        let error = AWSErrorParser.parse(.json(502, #"{"__type": "Thrott"#))
        #expect(error.code == "502")
        #expect(error.statusCode == 502)
    }

    @Test func retryAfterHeaderIsRead() {
        let error = AWSErrorParser.parse(
            .json(429, #"{"__type":"TooManyRequestsException"}"#, headers: ["x-amz-retry-after": "1500"])
        )
        #expect(error.retryAfterMilliseconds == 1500)
    }

    @Test(arguments: ["ImageAlreadyExistsException", "ImageTagAlreadyExistsException"])
    func bothTagConflictCodesAreOneCase(_ code: String) {
        let error = AWSErrorParser.parse(.json(400, "{\"__type\":\"\(code)\",\"message\":\"tag exists\"}"))
        #expect(error.isTagConflict)
        #expect(!error.isTransportError)
    }

    @Test func transportErrorsAreDistinguished() {
        #expect(AWSError.transport("refused").isTransportError)
        #expect(AWSError.timeout("slow").isTransportError)
        #expect(AWSError.timeout("slow").statusCode == nil)
        #expect(!AWSError.credentials("none").isTransportError)
    }
}
