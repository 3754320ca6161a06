/// The body of `POST /v1/audits/{id}/remediate`; without `findingIds` every finding is remediated.
struct RemediateBody: Decodable {
    var findingIds: [String]?

    static let members: Set<String> = ["findingIds"]
}

/// The body of `POST /v1/audits`, which takes no members.
struct DriftAuditBody: Decodable {
    static let members: Set<String> = []
}
