/// One page of audit events, newest first, with the cursor of the next page.
public struct AuditPage: Sendable {
    public let items: [AuditEvent]
    /// Pass to the next `list` call for older rows; nil on the last page.
    public let next: String?

    public init(items: [AuditEvent], next: String?) {
        self.items = items
        self.next = next
    }
}
