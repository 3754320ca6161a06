import Testing

@testable import ControlPlane

private func policyErrors(_ json: String, kind: IAMPolicyDocument.Kind = .repositoryPolicy) -> [FieldError] {
    do {
        _ = try IAMPolicyDocument(validating: Array(json.utf8), kind: kind)
        return []
    } catch {
        return error.errors
    }
}

private func statementPolicy(_ statements: String) -> String {
    #"{"Version": "2012-10-17", "Statement": \#(statements)}"#
}

private let pullStatement =
    #"{"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}"#

@Suite("Repository policy validator")
struct RepositoryPolicyTests {
    @Test func crossAccountPullPolicyIsValid() throws {
        let json = statementPolicy("[\(pullStatement)]")
        let policy = try IAMPolicyDocument(validating: Array(json.utf8), kind: .repositoryPolicy)
        #expect(policy.text == json)
        #expect(policy.version == "2012-10-17")
        #expect(policy.statements.count == 1)
        #expect(policy.statements.first?.actions == ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
        #expect(policy.statements.first?.principal == .identifiers(["AWS": ["arn:aws:iam::123456789012:root"]]))
    }

    @Test(arguments: [
        statementPolicy(pullStatement),
        #"{"Version": "2008-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": "*", "NotAction": "ecr:Batch*"}]}"#,
        statementPolicy(
            #"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-abc"]}, "Bool": {"aws:SecureTransport": true}}}]"#
        ),
        statementPolicy(
            #"[{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "ECR:BatchGetImage", "Resource": "*"}]"#
        ),
        #"{"Version": "2012-10-17", "Id": "policy-1", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["111122223333", "arn:aws:iam::444455556666:role/ci"]}, "Action": "ecr:Get?ownloadUrlForLayer"}]}"#,
    ])
    func validPolicy(_ json: String) {
        #expect(policyErrors(json) == [])
    }

    static let brokenInputs: [(name: String, json: String, field: String, message: String)] = [
        ("not an object", "[]", "", "must be an object"),
        ("version missing", #"{"Statement": [\#(pullStatement)]}"#, "Version", "is required"),
        ("old version", #"{"Version": "2012-10-18", "Statement": [\#(pullStatement)]}"#, "Version", "got '2012-10-18'"),
        ("statement missing", #"{"Version": "2012-10-17"}"#, "Statement", "is required"),
        ("statement string", statementPolicy(#""all""#), "Statement", "must be a statement object or a list"),
        ("statement empty", statementPolicy("[]"), "Statement", "at least one statement"),
        (
            "unknown top-level key", #"{"Version": "2012-10-17", "Statment": [], "Statement": [\#(pullStatement)]}"#,
            "Statment", "is not a known field"
        ),
        (
            "unknown statement key",
            statementPolicy(#"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Actions": "x"}]"#),
            "Statement[0].Actions", "is not a known field"
        ),
        (
            "effect missing", statementPolicy(#"[{"Principal": "*", "Action": "ecr:*"}]"#), "Statement[0].Effect",
            "is required"
        ),
        (
            "effect lowercase", statementPolicy(#"[{"Effect": "allow", "Principal": "*", "Action": "ecr:*"}]"#),
            "Statement[0].Effect", "must be 'Allow' or 'Deny'"
        ),
        (
            "principal missing", statementPolicy(#"[\#(pullStatement), {"Effect": "Allow", "Action": "ecr:*"}]"#),
            "Statement[1].Principal", "is required (or NotPrincipal)"
        ),
        (
            "principal and not principal",
            statementPolicy(#"[{"Effect": "Allow", "Principal": "*", "NotPrincipal": "*", "Action": "ecr:*"}]"#),
            "Statement[0].NotPrincipal", "cannot be combined with Principal"
        ),
        (
            "principal empty object", statementPolicy(#"[{"Effect": "Allow", "Principal": {}, "Action": "ecr:*"}]"#),
            "Statement[0].Principal", "must name at least one principal"
        ),
        (
            "principal unknown type",
            statementPolicy(#"[{"Effect": "Allow", "Principal": {"User": "bob"}, "Action": "ecr:*"}]"#),
            "Statement[0].Principal.User", "is not a known field"
        ),
        (
            "principal number",
            statementPolicy(#"[{"Effect": "Allow", "Principal": {"AWS": 123456789012}, "Action": "ecr:*"}]"#),
            "Statement[0].Principal.AWS", "must be a string or a list of strings"
        ),
        (
            "action missing", statementPolicy(#"[{"Effect": "Allow", "Principal": "*"}]"#), "Statement[0].Action",
            "is required (or NotAction)"
        ),
        (
            "action and not action",
            statementPolicy(#"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "NotAction": "ecr:Put*"}]"#),
            "Statement[0].NotAction", "cannot be combined with Action"
        ),
        (
            "s3 action in list",
            statementPolicy(
                #"[\#(pullStatement), {"Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "s3:GetObject"]}]"#
            ), "Statement[1].Action[1]", "must be an action in the 'ecr:' namespace"
        ),
        (
            "bare star action", statementPolicy(#"[{"Effect": "Allow", "Principal": "*", "Action": "*"}]"#),
            "Statement[0].Action", "got '*'"
        ),
        (
            "ecr prefix only", statementPolicy(#"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:"}]"#),
            "Statement[0].Action", "got 'ecr:'"
        ),
        (
            "empty action list", statementPolicy(#"[{"Effect": "Allow", "Principal": "*", "Action": []}]"#),
            "Statement[0].Action", "at least one entry"
        ),
        (
            "action not string", statementPolicy(#"[{"Effect": "Allow", "Principal": "*", "Action": [true]}]"#),
            "Statement[0].Action[0]", "must be a string; got a boolean"
        ),
        (
            "duplicate sid", statementPolicy(#"[\#(pullStatement), \#(pullStatement)]"#), "Statement[1].Sid",
            "duplicates the Sid of Statement[0]"
        ),
        (
            "sid number", statementPolicy(#"[{"Sid": 1, "Effect": "Allow", "Principal": "*", "Action": "ecr:*"}]"#),
            "Statement[0].Sid", "must be a string"
        ),
        (
            "condition list",
            statementPolicy(#"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Condition": []}]"#),
            "Statement[0].Condition", "must be an object of condition operators"
        ),
        (
            "condition operator string",
            statementPolicy(
                #"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Condition": {"StringEquals": "x"}}]"#
            ), "Statement[0].Condition.StringEquals", "non-empty object of condition keys"
        ),
        (
            "condition value object",
            statementPolicy(
                #"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Condition": {"StringEquals": {"aws:SourceAccount": {}}}}]"#
            ), #"Statement[0].Condition.StringEquals["aws:SourceAccount"]"#, "must be a string, number, boolean"
        ),
        (
            "null resource",
            statementPolicy(#"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Resource": null}]"#),
            "Statement[0].Resource", "must not be null"
        ),
        (
            "empty resource",
            statementPolicy(#"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Resource": ""}]"#),
            "Statement[0].Resource", "must not be empty"
        ),
        (
            "resource and not resource",
            statementPolicy(
                #"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Resource": "*", "NotResource": "*"}]"#
            ), "Statement[0].NotResource", "cannot be combined with Resource"
        ),
        (
            "statement not object", statementPolicy(#"[\#(pullStatement), "Allow"]"#), "Statement[1]",
            "must be an object; got a string"
        ),
        (
            "too long", statementPolicy("[\(pullStatement)]") + String(repeating: " ", count: 10_240), "",
            "at most 10240 characters"
        ),
    ]

    @Test(arguments: brokenInputs.indices)
    func brokenInputIsRejectedWithField(index: Int) {
        let input = Self.brokenInputs[index]
        let errors = policyErrors(input.json)
        let match = errors.first { $0.field == input.field }
        #expect(match != nil, "\(input.name): no error for '\(input.field)' in \(errors)")
        #expect(match?.message.contains(input.message) == true, "\(input.name): \(String(describing: match))")
    }

    @Test func registryPolicyNeedsResource() {
        let json = statementPolicy(#"[{"Effect": "Allow", "Principal": "*", "Action": "ecr:ReplicateImage"}]"#)
        #expect(policyErrors(json, kind: .repositoryPolicy).isEmpty)
        #expect(policyErrors(json, kind: .registryPolicy).map(\.field) == ["Statement[0].Resource"])
    }

    @Test(arguments: [
        ("ecr:*", "ecr:ReplicateImage", true),
        ("ecr:Replicate*", "ecr:ReplicateImage", true),
        ("ECR:replicateimage", "ecr:ReplicateImage", true),
        ("ecr:Batch*", "ecr:ReplicateImage", false),
        ("ecr:Replicat?Image", "ecr:ReplicateImage", true),
        ("ecr:*Image", "ecr:ReplicateImage", true),
        ("ecr:*Repository", "ecr:ReplicateImage", false),
    ])
    func actionWildcards(pattern: String, action: String, expected: Bool) {
        #expect(IAMWildcard.matches(pattern, action, caseInsensitive: true) == expected)
    }
}

@Suite("Registry policy replication check")
struct RegistryPolicyCheckTests {
    private let source = try! RegistryID(validating: "111122223333", field: .root)
    private let destinationAccount = try! RegistryID(validating: "444455556666", field: .root)
    private let region = try! AWSRegion(validating: "us-west-2", field: .root)

    private func report(_ statements: String) throws -> ReplicationPermissionReport {
        let policy = try IAMPolicyDocument(validating: Array(statementPolicy(statements).utf8), kind: .registryPolicy)
        return policy.replicationPermission(
            sourceAccount: self.source,
            destinationRegion: self.region,
            destinationAccount: self.destinationAccount
        )
    }

    @Test func documentedCrossAccountPolicyAllowsReplication() throws {
        let report = try self.report(
            #"[{"Sid": "ReplicationAccessCrossAccount", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"], "Resource": "arn:aws:ecr:us-west-2:444455556666:repository/*"}]"#
        )
        #expect(report.allowsReplication)
        #expect(report.gaps.isEmpty)
        #expect(!report.dependsOnConditions)
    }

    @Test(arguments: [
        #"[{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:*", "Resource": "*"}]"#,
        #"[{"Effect": "Allow", "Principal": "*", "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"], "Resource": "arn:aws:ecr:*:444455556666:repository/*"}]"#,
        #"[{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::999999999999:root", "arn:aws:iam::111122223333:root"]}, "Action": "ecr:CreateRepository", "Resource": "*"}, {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:Replicate*", "Resource": "arn:aws:ecr:us-west-2:444455556666:*"}]"#,
    ])
    func equivalentGrantsAllowReplication(_ statements: String) throws {
        #expect(try self.report(statements).allowsReplication)
    }

    @Test func otherAccountIsReportedAsMissingPrincipal() throws {
        let report = try self.report(
            #"[{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "ecr:*", "Resource": "*"}]"#
        )
        #expect(!report.allowsReplication)
        #expect(report.gaps.map(\.kind) == [.principal, .principal])
        #expect(report.gaps.first?.message.contains("arn:aws:iam::111122223333:root") == true)
    }

    @Test func missingReplicateImageIsReportedAsAction() throws {
        let report = try self.report(
            #"[{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:CreateRepository", "Resource": "*"}]"#
        )
        #expect(report.gaps.map(\.kind) == [.action])
        #expect(report.gaps.map(\.action) == ["ecr:ReplicateImage"])
    }

    @Test func wrongRegionIsReportedAsResource() throws {
        let report = try self.report(
            #"[{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"], "Resource": "arn:aws:ecr:eu-west-1:444455556666:repository/*"}]"#
        )
        #expect(report.gaps.map(\.kind) == [.resource, .resource])
        #expect(report.gaps.first?.message.contains("arn:aws:ecr:us-west-2:444455556666:repository/*") == true)
    }

    @Test func narrowRepositoryResourceDoesNotCoverAll() throws {
        let report = try self.report(
            #"[{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"], "Resource": "arn:aws:ecr:us-west-2:444455556666:repository/team/*"}]"#
        )
        #expect(report.gaps.map(\.kind) == [.resource, .resource])
    }

    @Test func denyStatementBlocks() throws {
        let report = try self.report(
            #"[{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:*", "Resource": "*"}, {"Effect": "Deny", "Principal": "*", "Action": "ecr:ReplicateImage", "Resource": "*"}]"#
        )
        #expect(report.gaps.map(\.kind) == [.deny])
        #expect(report.gaps.map(\.action) == ["ecr:ReplicateImage"])
    }

    @Test func policyTextEntryPointValidatesFirst() throws {
        #expect(throws: ValidationError.self) {
            try IAMPolicyDocument.replicationPermission(
                registryPolicyText: Array(#"{"Version": "2012-10-17"}"#.utf8),
                sourceAccount: self.source,
                destinationRegion: self.region,
                destinationAccount: self.destinationAccount
            )
        }
        let text = statementPolicy(
            #"[{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:*", "Resource": "*"}]"#
        )
        let report = try IAMPolicyDocument.replicationPermission(
            registryPolicyText: Array(text.utf8),
            sourceAccount: self.source,
            destinationRegion: self.region,
            destinationAccount: self.destinationAccount
        )
        #expect(report.allowsReplication)
    }

    @Test func conditionalGrantIsFlagged() throws {
        let report = try self.report(
            #"[{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:*", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceRegion": "us-east-1"}}}]"#
        )
        #expect(report.allowsReplication)
        #expect(report.dependsOnConditions)
    }

    @Test func chinaPartitionUsesItsARNs() throws {
        let policy = try IAMPolicyDocument(
            validating: Array(
                statementPolicy(
                    #"[{"Effect": "Allow", "Principal": {"AWS": "arn:aws-cn:iam::111122223333:root"}, "Action": "ecr:*", "Resource": "arn:aws-cn:ecr:cn-north-1:444455556666:repository/*"}]"#
                ).utf8
            ),
            kind: .registryPolicy
        )
        let report = policy.replicationPermission(
            sourceAccount: self.source,
            destinationRegion: try AWSRegion(validating: "cn-north-1", field: .root),
            destinationAccount: self.destinationAccount
        )
        #expect(report.allowsReplication)
    }
}
