/// A job request or state change the job service rejects, with a message that names the value and the fix.
public struct ReplicationJobError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// A request field is invalid; `field` names it.
        case invalidField
        /// No job has the id.
        case notFound
        /// The job's state does not allow the change, such as cancelling a finished job.
        case invalidState
        /// The digest or tag does not exist in the source repository.
        case sourceImageNotFound
        /// Neither the request, the replication configuration nor a copy rule gives a destination.
        case noDestinations
    }

    public let kind: Kind
    public let message: String
    /// The request field at fault, for `invalidField`.
    public let field: String?

    public init(_ kind: Kind, _ message: String, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }

    public var description: String { self.message }
}
