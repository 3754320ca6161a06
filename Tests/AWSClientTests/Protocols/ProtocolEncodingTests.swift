import Crypto
import Foundation
import Testing

@testable import AWSClient

@Suite struct ProtocolEncodingTests {
    func client(_ transport: ScriptedTransport, extra: [String: String] = [:]) -> AWSClient {
        AWSClient(
            configuration: TestSupport.configuration(endpoint: "http://127.0.0.1:4566", extra: extra),
            transport: transport,
            environment: RecordingSleeper().environment()
        )
    }

    @Test func jsonRequestShape() async throws {
        let transport = ScriptedTransport([.respond(.json(200, #"{"imageDetails":[],"nextToken":null}"#))])
        _ = try await self.client(transport).ecr(region: "eu-west-1").describeImages(
            DescribeImagesRequest(repositoryName: "team/app", maxResults: 10)
        )
        let request = try #require(transport.requests.first)
        let headers = Dictionary(request.headers.map { ($0.name.lowercased(), $0.value) }) { first, _ in first }
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "http://127.0.0.1:4566")
        #expect(headers["content-type"] == "application/x-amz-json-1.1")
        #expect(headers["x-amz-target"] == "AmazonEC2ContainerRegistry_V20150921.DescribeImages")
        #expect(headers["host"] == nil)
        #expect(headers["authorization"]?.contains("/eu-west-1/ecr/aws4_request") == true)
        #expect(headers["x-amz-date"] == "20150830T123600Z")
        let body = try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
        #expect(body?["repositoryName"] as? String == "team/app")
        #expect(body?["maxResults"] as? Int == 10)
        #expect(body?["registryId"] == nil)
    }

    @Test func cloudWatchUsesJSON10() async throws {
        let transport = ScriptedTransport([.respond(.json(200, ""))])
        try await self.client(transport).cloudWatch(region: "us-east-1").putMetricData(
            PutMetricDataRequest(
                namespace: "NS",
                metricData: [
                    MetricDatum(metricName: "M", value: 1, timestamp: Date(timeIntervalSince1970: 1_700_000_000))
                ]
            )
        )
        let request = try #require(transport.requests.first)
        let headers = Dictionary(request.headers.map { ($0.name.lowercased(), $0.value) }) { first, _ in first }
        #expect(headers["content-type"] == "application/x-amz-json-1.0")
        #expect(headers["x-amz-target"] == "GraniteServiceVersion20100801.PutMetricData")
        let text = String(decoding: request.body, as: UTF8.self)
        #expect(text.contains(#""Timestamp":1700000000"#))
        #expect(text.contains(#""MetricName":"M""#))
        #expect(text.contains(#""Namespace":"NS""#))
    }

    @Test func epochSecondsDecode() throws {
        let json = #"{"repository":{"repositoryName":"a","createdAt":1700000000.5,"imageTagMutability":"IMMUTABLE"}}"#
        let response = try JSONCoding.decode(CreateRepositoryResponse.self, from: Array(json.utf8))
        #expect(response.repository?.createdAt == Date(timeIntervalSince1970: 1_700_000_000.5))
        #expect(response.repository?.imageTagMutability == .immutable)
    }

    @Test func emptyBodyDecodesAsEmptyObject() throws {
        #expect(try JSONCoding.decode(EmptyResponse.self, from: []) == EmptyResponse())
    }

    @Test func ecrTagUsesCapitalKeys() throws {
        let body = String(decoding: try JSONCoding.encode(ECRTag(key: "team", value: "a")), as: UTF8.self)
        #expect(body == #"{"Key":"team","Value":"a"}"#)
    }

    @Test func putImageDigestIsSHA256OfManifestBytes() {
        let manifest = "{\"schemaVersion\":2,\n \"layers\": []}"
        let request = PutImageRequest(repositoryName: "a", imageManifest: manifest, imageTag: "v1")
        #expect(request.imageDigest == "sha256:" + SHA256.hexHash(Array(manifest.utf8)))
        #expect(request.imageDigest.count == 71)
    }

    @Test func putImageAlwaysSendsDigest() async throws {
        let transport = ScriptedTransport([.respond(.json(200, "{}"))])
        _ = try await self.client(transport).ecr().putImage(PutImageRequest(repositoryName: "a", imageManifest: "{}"))
        let body =
            try JSONSerialization.jsonObject(with: Data(try #require(transport.requests.first).body)) as? [String: Any]
        #expect(body?["imageDigest"] as? String == "sha256:" + SHA256.hexHash(Array("{}".utf8)))
        #expect(body?["imageManifest"] as? String == "{}")
    }

    @Test func queryBodyEncoding() async throws {
        let transport = ScriptedTransport([
            .respond(
                HTTPResponse(
                    statusCode: 200,
                    body: Array(
                        """
                        <CreateTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                          <CreateTopicResult><TopicArn>arn:aws:sns:us-east-1:123456789012:t</TopicArn></CreateTopicResult>
                          <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
                        </CreateTopicResponse>
                        """.utf8
                    )
                )
            )
        ])
        let response = try await self.client(transport).sns(region: "us-east-1").createTopic(
            CreateTopicRequest(name: "t", attributes: ["DisplayName": "a b+c"], tags: ["team": "x/y"])
        )
        #expect(response.topicArn == "arn:aws:sns:us-east-1:123456789012:t")
        let request = try #require(transport.requests.first)
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(
            body == "Action=CreateTopic&Version=2010-03-31&Name=t&Attributes.entry.1.key=DisplayName"
                + "&Attributes.entry.1.value=a%20b%2Bc&Tags.member.1.Key=team&Tags.member.1.Value=x%2Fy"
        )
        let contentType = request.headers.first { $0.name == "Content-Type" }?.value
        #expect(contentType == "application/x-www-form-urlencoded; charset=utf-8")
    }

    @Test func queryListParameters() {
        var parameters = QueryParameters()
        parameters.addList("AlarmNames", ["a", "b"])
        parameters.add("MaxRecords", 5)
        parameters.add("Missing", nil as String?)
        #expect(parameters.pairs.map(\.name) == ["AlarmNames.member.1", "AlarmNames.member.2", "MaxRecords"])
        #expect(
            String(decoding: parameters.formEncoded(), as: UTF8.self)
                == "AlarmNames.member.1=a&AlarmNames.member.2=b&MaxRecords=5"
        )
    }

    @Test func assumeRoleResponseDecodes() throws {
        let xml = """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
                  <SecretAccessKey>secret</SecretAccessKey>
                  <SessionToken>token</SessionToken>
                  <Expiration>2026-12-04T18:00:00Z</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <AssumedRoleId>AROA:s</AssumedRoleId>
                  <Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>
                </AssumedRoleUser>
              </AssumeRoleResult>
            </AssumeRoleResponse>
            """
        let root = try #require(XMLNode.parse(Array(xml.utf8)))
        let response = try AssumeRoleResponse(
            xml: try #require(root.child("AssumeRoleResult")),
            operation: "AssumeRole"
        )
        #expect(response.credentials.accessKeyId == "ASIAEXAMPLE")
        #expect(response.credentials.sessionToken == "token")
        #expect(response.credentials.expiration == Date(timeIntervalSince1970: 1_796_407_200))
        #expect(response.assumedRoleArn == "arn:aws:sts::123456789012:assumed-role/r/s")
    }

    @Test func invalidSuccessBodyIsInvalidResponse() async throws {
        let transport = ScriptedTransport([.respond(.json(200, "<html>proxy</html>"))])
        let error = try await #require(throws: AWSError.self) {
            _ = try await self.client(transport).ecr().describeRegistry()
        }
        #expect(error.kind == .invalidResponse)
        #expect(error.operation == "DescribeRegistry")
    }

    @Test func credentialsAreNeverPrinted() {
        let credentials = AWSCredentials(
            accessKeyId: "AKIDEXAMPLE",
            secretAccessKey: "very-secret",
            sessionToken: "tok"
        )
        #expect(!"\(credentials)".contains("very-secret"))
        #expect(!"\(credentials)".contains("tok"))
    }
}
