/// An Amazon EventBridge event from ECR (`source: aws.ecr`), with the fields the job service uses.
///
/// `ECR Image Action` is emitted in the source region after a push (`action-type` PUSH, `result` SUCCESS).
/// `ECR Replication Action` is emitted in the destination region with `result` SUCCESS or FAILED, so its
/// `region` and `account` name the destination.
public struct EventBridgeEvent: Sendable, Hashable, Decodable {
    public struct Detail: Sendable, Hashable, Decodable {
        public var result: String?
        public var repositoryName: String?
        public var imageDigest: String?
        public var actionType: String?
        public var imageTag: String?
        public var sourceAccount: String?
        public var sourceRegion: String?

        enum CodingKeys: String, CodingKey {
            case result
            case repositoryName = "repository-name"
            case imageDigest = "image-digest"
            case actionType = "action-type"
            case imageTag = "image-tag"
            case sourceAccount = "source-account"
            case sourceRegion = "source-region"
        }
    }

    public static let imageAction = "ECR Image Action"
    public static let replicationAction = "ECR Replication Action"

    /// The event id, unique per event; used as the delivery id.
    public var id: String
    public var detailType: String
    public var source: String
    public var account: String
    public var region: String
    public var detail: Detail

    enum CodingKeys: String, CodingKey {
        case id
        case detailType = "detail-type"
        case source
        case account
        case region
        case detail
    }
}
