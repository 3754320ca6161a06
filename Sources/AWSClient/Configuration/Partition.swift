/// An AWS partition: a group of regions sharing a DNS suffix, with its own credentials and endpoints.
public struct Partition: Sendable, Hashable {
    /// The partition id as it appears in ARNs: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`.
    public let id: String
    public let dnsSuffix: String
    /// The region that signs calls to the partition's global endpoints, such as IAM.
    public let globalSigningRegion: String

    public static let aws = Partition(id: "aws", dnsSuffix: "amazonaws.com", globalSigningRegion: "us-east-1")
    public static let china = Partition(id: "aws-cn", dnsSuffix: "amazonaws.com.cn", globalSigningRegion: "cn-north-1")
    public static let govCloud = Partition(
        id: "aws-us-gov",
        dnsSuffix: "amazonaws.com",
        globalSigningRegion: "us-gov-west-1"
    )
    public static let iso = Partition(id: "aws-iso", dnsSuffix: "c2s.ic.gov", globalSigningRegion: "us-iso-east-1")
    public static let isoB = Partition(
        id: "aws-iso-b",
        dnsSuffix: "sc2s.sgov.gov",
        globalSigningRegion: "us-isob-east-1"
    )

    /// Returns the partition of `region` from its prefix; unknown prefixes belong to the commercial partition.
    public static func of(region: String) -> Partition {
        if region.hasPrefix("cn-") {
            return .china
        }
        if region.hasPrefix("us-gov-") {
            return .govCloud
        }
        if region.hasPrefix("us-isob-") {
            return .isoB
        }
        if region.hasPrefix("us-iso-") {
            return .iso
        }
        return .aws
    }
}
