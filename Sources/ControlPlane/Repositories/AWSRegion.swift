/// An AWS partition: a group of regions that share identity and cannot reach each other's resources.
public enum AWSPartition: String, Sendable, Hashable, CaseIterable, Codable {
    case aws = "aws"
    case awsCN = "aws-cn"
    case awsUSGov = "aws-us-gov"
    case awsISO = "aws-iso"
    case awsISOB = "aws-iso-b"
    case awsISOE = "aws-iso-e"
    case awsISOF = "aws-iso-f"
    case awsEUSC = "aws-eusc"
}

/// An AWS region name such as `eu-west-1`, checked by form so regions launched later are accepted too.
public struct AWSRegion: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// ECR replication destination `region` length constraints.
    public static let lengthRange = 2...25

    public let rawValue: String

    /// Validates `text` as a region name.
    ///
    /// - Throws: `ValidationError` naming `field` when `text` is not of the form `area-direction-number`.
    public init(validating text: String, field: FieldPath) throws(ValidationError) {
        if let problem = Self.problem(in: text) {
            throw ValidationError(field: field, message: problem)
        }
        self.rawValue = text
    }

    /// Describes why `text` is not a region name, or returns nil when it is one.
    ///
    /// A region name is two or more groups of lowercase letters and a final group of digits, joined by `-`, at
    /// most 25 characters: `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eusc-de-east-1`.
    public static func problem(in text: String) -> String? {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        let letterGroups = groups.dropLast()
        let isWellFormed =
            Self.lengthRange.contains(text.utf8.count)
            && letterGroups.count >= 2
            && letterGroups.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { (0x61...0x7A).contains($0) } }
            && groups.last.map { !$0.isEmpty && $0.count <= 2 && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }
                == true
        return isWellFormed ? nil : "must be an AWS region name such as 'us-east-1'; got '\(text)'"
    }

    /// The partition the region belongs to, derived from its name prefix.
    public var partition: AWSPartition {
        let prefixes: [(String, AWSPartition)] = [
            ("cn-", .awsCN), ("us-gov-", .awsUSGov), ("us-isob-", .awsISOB), ("us-isof-", .awsISOF),
            ("us-iso-", .awsISO), ("eu-isoe-", .awsISOE), ("eusc-", .awsEUSC),
        ]
        return prefixes.first { self.rawValue.hasPrefix($0.0) }?.1 ?? .aws
    }

    public var description: String {
        self.rawValue
    }

    public static func < (lhs: AWSRegion, rhs: AWSRegion) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard Self.problem(in: text) == nil else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "invalid region name")
            )
        }
        self.rawValue = text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }
}
