import Foundation
import Testing

@testable import ControlPlane

@Suite("Repository name rules")
struct RepositoryNameTests {
    @Test(arguments: [
        "ab", "nginx-web-app", "project-a/nginx-web-app", "a/b/c", "team.app", "team_app", "team__app",
        "team---app", "a1/b2.c3_d4__e5--f6", "0x", String(repeating: "a", count: 256),
    ])
    func validName(_ name: String) {
        #expect(RepositoryName.problem(in: name) == nil)
    }

    @Test(arguments: [
        ("a", "between 2 and 256 characters; got 1"),
        (String(repeating: "a", count: 257), "got 257"),
        ("Team/app", "contains 'T'"),
        ("team app", "contains ' '"),
        ("team/app:latest", "contains ':'"),
        ("/team", "must not start or end with '/'"),
        ("team/", "must not start or end with '/'"),
        ("team//app", "contain '//'"),
        ("-team", "must start and end with a lowercase letter or digit"),
        ("team.", "must start and end with a lowercase letter or digit"),
        ("team/_app", "must start and end"),
        ("team___app", "separator '___'"),
        ("team._app", "separator '._'"),
        ("team..app", "separator '..'"),
        ("team-_app", "separator '-_'"),
    ])
    func invalidName(_ name: String, expected: String) {
        let problem = RepositoryName.problem(in: name)
        #expect(problem?.contains(expected) == true, "\(name): \(String(describing: problem))")
    }

    @Test func errorNamesTheField() {
        #expect(
            throws: ValidationError(
                field: FieldPath.root.key("name"),
                message: "must be between 2 and 256 characters; got 1"
            )
        ) {
            try RepositoryName(validating: "a")
        }
    }
}

@Suite("Image tag, registry id and region rules")
struct IdentifierRuleTests {
    @Test(arguments: ["latest", "v1.2.3", "_internal", "A-b_c.d", String(repeating: "x", count: 300)])
    func validTag(_ tag: String) {
        #expect(ImageTag.problem(in: tag) == nil)
    }

    @Test(arguments: ["", ".hidden", "-dash", "has space", "sha256:abc", String(repeating: "x", count: 301)])
    func invalidTag(_ tag: String) {
        #expect(ImageTag.problem(in: tag) != nil)
    }

    @Test(arguments: ["123456789012", "000000000000"])
    func validRegistryID(_ id: String) {
        #expect(RegistryID.problem(in: id) == nil)
    }

    @Test(arguments: ["12345678901", "1234567890123", "12345678901a", "", "１２３４５６７８９０１２"])
    func invalidRegistryID(_ id: String) {
        #expect(RegistryID.problem(in: id) == "must be a 12-digit AWS account id; got '\(id)'")
    }

    @Test(arguments: [
        ("us-east-1", AWSPartition.aws),
        ("eu-central-2", .aws),
        ("ap-southeast-7", .aws),
        ("mx-central-1", .aws),
        ("cn-north-1", .awsCN),
        ("cn-northwest-1", .awsCN),
        ("us-gov-west-1", .awsUSGov),
        ("us-iso-east-1", .awsISO),
        ("us-isob-east-1", .awsISOB),
        ("eu-isoe-west-1", .awsISOE),
        ("us-isof-south-1", .awsISOF),
        ("xx-future-9", .aws),
    ])
    func regionPartition(_ name: String, partition: AWSPartition) throws {
        let region = try AWSRegion(validating: name, field: .root)
        #expect(region.partition == partition)
    }

    @Test(arguments: [
        "us-east", "US-EAST-1", "useast1", "us-east-", "-east-1", "us--east-1", "us-east-123", "global", "",
    ])
    func invalidRegion(_ name: String) {
        #expect(AWSRegion.problem(in: name) != nil)
    }
}

@Suite("Repository request bodies")
struct RepositoryRequestTests {
    private func createErrors(_ json: String) -> [FieldError] {
        do {
            _ = try CreateRepositoryRequest(validating: Array(json.utf8))
            return []
        } catch {
            return error.errors
        }
    }

    @Test func minimalBodyTakesDefaults() throws {
        let request = try CreateRepositoryRequest(validating: Array(#"{"name": "team/app"}"#.utf8))
        #expect(request.name.rawValue == "team/app")
        #expect(request.settings == RepositorySettings())
        #expect(request.settings.tagMutability == .mutable)
        #expect(request.settings.encryption.type == .aes256)
    }

    @Test func fullBodyIsRead() throws {
        let json = """
            {"name": "team/app", "scanOnPush": true, "tagMutability": "IMMUTABLE",
             "encryption": {"type": "KMS", "kmsKey": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
             "tags": {"team": "platform", "cost center": "42"}}
            """
        let request = try CreateRepositoryRequest(validating: Array(json.utf8))
        #expect(request.settings.scanOnPush)
        #expect(request.settings.tagMutability == .immutable)
        #expect(request.settings.encryption.type == .kms)
        #expect(request.settings.encryption.kmsKey?.hasSuffix("1234567890ab") == true)
        #expect(request.settings.tags == ["team": "platform", "cost center": "42"])
    }

    @Test(arguments: [
        (#"{"scanOnPush": true}"#, "name", "is required"),
        (#"{"name": "A"}"#, "name", "between 2 and 256"),
        (#"{"name": "ok", "scanOnPush": "yes"}"#, "scanOnPush", "must be true or false"),
        (#"{"name": "ok", "scanOnPush": null}"#, "scanOnPush", "must not be null"),
        (#"{"name": "ok", "tagMutability": "mutable"}"#, "tagMutability", "got 'mutable'"),
        (#"{"name": "ok", "encryption": {"type": "KMS_DSSE"}}"#, "encryption.type", "must be 'AES256' or 'KMS'"),
        (#"{"name": "ok", "encryption": {"kmsKey": "alias/x"}}"#, "encryption.type", "is required"),
        (
            #"{"name": "ok", "encryption": {"type": "AES256", "kmsKey": "alias/x"}}"#, "encryption.kmsKey",
            "only allowed when type is 'KMS'"
        ),
        (
            #"{"name": "ok", "encryption": {"type": "KMS", "kmsKey": "my key"}}"#, "encryption.kmsKey",
            "must be a KMS key id"
        ),
        (
            #"{"name": "ok", "encryption": {"type": "KMS", "kmsKey": "arn:aws:s3:::bucket"}}"#, "encryption.kmsKey",
            "must be a KMS key id"
        ),
        (#"{"name": "ok", "tags": {"aws:owner": "x"}}"#, "tags[\"aws:owner\"]", "must not start with 'aws:'"),
        (#"{"name": "ok", "tags": {"AWS:owner": "x"}}"#, "tags[\"AWS:owner\"]", "must not start with 'aws:'"),
        (#"{"name": "ok", "tags": {"": "x"}}"#, "tags[\"\"]", "between 1 and 128"),
        (#"{"name": "ok", "tags": {"team": 5}}"#, "tags.team", "tag value must be a string"),
        (#"{"name": "ok", "tags": {"team": "a|b"}}"#, "tags.team", "tag value contains '|'"),
        (#"{"name": "ok", "tags": {"te#am": "x"}}"#, "tags[\"te#am\"]", "tag key contains '#'"),
        (#"{"name": "ok", "tags": []}"#, "tags", "must be an object"),
        (#"{"name": "ok", "replicas": true}"#, "replicas", "is not a known field"),
        (#"[]"#, "", "must be an object; got an array"),
    ])
    func invalidCreateBody(json: String, field: String, message: String) {
        let errors = createErrors(json)
        let match = errors.first { $0.field == field }
        #expect(match?.message.contains(message) == true, "\(json): \(errors)")
    }

    @Test func tagLimitsAreEnforced() {
        let tooMany = (0...50).map { #""k\#($0)": "v""# }.joined(separator: ",")
        #expect(createErrors(#"{"name": "ok", "tags": {\#(tooMany)}}"#).map(\.field) == ["tags"])
        let longKey = String(repeating: "k", count: 129)
        #expect(
            createErrors(#"{"name": "ok", "tags": {"\#(longKey)": "v"}}"#).first?.message.contains("got 129") == true
        )
        let longValue = String(repeating: "v", count: 257)
        #expect(
            createErrors(#"{"name": "ok", "tags": {"k": "\#(longValue)"}}"#).first?.message.contains("got 257") == true
        )
        let emptyValue = createErrors(#"{"name": "ok", "tags": {"k": ""}}"#)
        #expect(emptyValue.isEmpty)
    }

    @Test func createReportsEveryProblem() {
        let errors = createErrors(
            #"{"name": "Bad", "tagMutability": "x", "encryption": {"type": "AES256", "kmsKey": "k"}}"#
        )
        #expect(errors.map(\.field) == ["name", "tagMutability", "encryption.kmsKey"])
    }

    @Test(arguments: [
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        "mrk-1234abcd12ab34cd56ef1234567890ab",
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
        "alias/ecr-key",
        "alias/aws/ecr",
        "arn:aws:kms:eu-west-1:123456789012:alias/team/ecr_key",
    ])
    func validKMSKey(_ key: String) {
        #expect(KMSKeyReference(key) != nil)
    }

    @Test(arguments: [
        "", "1234abcd", "alias/", "alias/has space",
        "arn:aws:kms:us-east-1:12345:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:123456789012:key/not-a-key", "arn:aws:iam::123456789012:root",
        "arn:fake:kms:us-east-1:123456789012:alias/x",
    ])
    func invalidKMSKey(_ key: String) {
        #expect(KMSKeyReference(key) == nil)
    }

    @Test func kmsKeyARNMustMatchRepositoryRegion() throws {
        let json =
            #"{"name": "ok", "encryption": {"type": "KMS", "kmsKey": "arn:aws:kms:eu-west-1:123456789012:alias/k"}}"#
        let region = try AWSRegion(validating: "us-east-1", field: .root)
        #expect(throws: ValidationError.self) {
            try CreateRepositoryRequest(validating: Array(json.utf8), region: region)
        }
        let sameRegion = try AWSRegion(validating: "eu-west-1", field: .root)
        let request = try CreateRepositoryRequest(validating: Array(json.utf8), region: sameRegion)
        #expect(request.settings.encryption.kmsKey == "arn:aws:kms:eu-west-1:123456789012:alias/k")
        #expect((try? CreateRepositoryRequest(validating: Array(json.utf8))) != nil)
    }

    @Test func kmsKeyARNExposesRegion() {
        let key = KMSKeyReference("arn:aws:kms:eu-west-1:123456789012:alias/x")
        #expect(key?.region == "eu-west-1")
        #expect(KMSKeyReference("alias/x")?.region == nil)
    }

    @Test func updateReadsEitherField() throws {
        let both = try UpdateRepositoryRequest(
            validating: Array(#"{"scanOnPush": false, "tagMutability": "IMMUTABLE"}"#.utf8)
        )
        #expect(both.scanOnPush == false)
        #expect(both.tagMutability == .immutable)
        let one = try UpdateRepositoryRequest(validating: Array(#"{"scanOnPush": true}"#.utf8))
        #expect(one.scanOnPush == true)
        #expect(one.tagMutability == nil)
    }

    @Test(arguments: [
        (#"{}"#, "", "must set at least one"),
        (#"{"encryption": {"type": "KMS"}}"#, "encryption", "cannot be changed after the repository is created"),
        (#"{"name": "x", "scanOnPush": true}"#, "name", "cannot be changed"),
        (#"{"tagMutability": "SOMETIMES"}"#, "tagMutability", "must be 'MUTABLE' or 'IMMUTABLE'"),
        (#"{"tags": {}}"#, "tags", "is not a known field"),
    ])
    func invalidUpdateBody(json: String, field: String, message: String) {
        var errors: [FieldError] = []
        do {
            _ = try UpdateRepositoryRequest(validating: Array(json.utf8))
        } catch {
            errors = error.errors
        }
        let match = errors.first { $0.field == field }
        #expect(match?.message.contains(message) == true, "\(json): \(errors)")
    }

    @Test func settingsEncodeInTheRequestShape() throws {
        let settings = RepositorySettings(
            scanOnPush: true,
            tagMutability: .immutable,
            encryption: .init(type: .kms, kmsKey: "alias/k")
        )
        let data = try JSONEncoder().encode(settings)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["tagMutability"] as? String == "IMMUTABLE")
        #expect((object["encryption"] as? [String: Any])?["type"] as? String == "KMS")
    }
}
