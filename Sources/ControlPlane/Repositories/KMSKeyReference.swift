/// The forms ECR accepts for a repository's KMS key: key id, key ARN, alias name or alias ARN.
public enum KMSKeyReference: Sendable, Hashable {
    /// A key id (`1234abcd-12ab-34cd-56ef-1234567890ab`) or multi-Region key id (`mrk-` + 32 hex digits).
    case keyID(String)
    /// `arn:<partition>:kms:<region>:<account>:key/<key id>`.
    case keyARN(partition: String, region: String, account: String, keyID: String)
    /// `alias/<name>`.
    case aliasName(String)
    /// `arn:<partition>:kms:<region>:<account>:alias/<name>`.
    case aliasARN(partition: String, region: String, account: String, aliasName: String)

    /// ECR `kmsKey` length constraints.
    public static let lengthRange = 1...2048

    /// Parses `text`, returning nil when it matches none of the accepted forms.
    public init?(_ text: String) {
        guard Self.lengthRange.contains(text.utf8.count) else {
            return nil
        }
        if text.hasPrefix("arn:") {
            guard let parsed = Self.parseARN(text) else {
                return nil
            }
            self = parsed
        } else if text.hasPrefix("alias/") {
            guard Self.isAliasName(text) else {
                return nil
            }
            self = .aliasName(text)
        } else {
            guard Self.isKeyID(text) else {
                return nil
            }
            self = .keyID(text)
        }
    }

    /// The region named in an ARN form, which must be the repository's region; nil for the other forms.
    public var region: String? {
        switch self {
        case .keyARN(_, let region, _, _), .aliasARN(_, let region, _, _): region
        case .keyID, .aliasName: nil
        }
    }

    private static func parseARN(_ text: String) -> KMSKeyReference? {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[2] == "kms", AWSPartition(rawValue: parts[1]) != nil,
            AWSRegion.problem(in: parts[3]) == nil, RegistryID.problem(in: parts[4]) == nil
        else {
            return nil
        }
        let resource = parts[5]
        if resource.hasPrefix("key/"), Self.isKeyID(String(resource.dropFirst(4))) {
            return .keyARN(
                partition: parts[1],
                region: parts[3],
                account: parts[4],
                keyID: String(resource.dropFirst(4))
            )
        }
        if Self.isAliasName(resource) {
            return .aliasARN(partition: parts[1], region: parts[3], account: parts[4], aliasName: resource)
        }
        return nil
    }

    private static func isKeyID(_ text: String) -> Bool {
        if text.hasPrefix("mrk-") {
            let hex = text.dropFirst(4)
            return hex.utf8.count == 32 && hex.utf8.allSatisfy(Self.isHexDigit)
        }
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.utf8.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.utf8.allSatisfy(Self.isHexDigit) }
    }

    // KMS alias names: `alias/` then 1 to 250 of letters, digits, '/', '_' and '-'.
    private static func isAliasName(_ text: String) -> Bool {
        let name = text.dropFirst("alias/".count)
        return text.hasPrefix("alias/") && (1...250).contains(name.utf8.count)
            && name.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "/" || scalar == "_" || scalar == "-"
            }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
    }
}
