import AWSClient
import Foundation

/// Records each change made through AWS in the audit log, also when AWS rejected it. The change runs,
/// then one audit row with the outcome (and the AWS error code on failure) is appended before the
/// caller responds. A client therefore never sees success for a change without its audit row.
public struct ChangeRecorder: Sendable {
    public let auditLog: AuditLog

    public init(auditLog: AuditLog) {
        self.auditLog = auditLog
    }

    /// The actor and request id of a change.
    public struct Origin: Sendable {
        public let actor: String
        public let requestId: String?

        public init(actor: String, requestId: String?) {
            self.actor = actor
            self.requestId = requestId
        }
    }

    /// Runs `change` and records it as `action` on `target` with the states before and after.
    ///
    /// - Parameters:
    ///   - before: JSON text of the state before the change, or nil when there was none.
    ///   - after: returns the JSON text of the state after a successful change.
    /// - Throws: what `change` throws, after recording the failure.
    public func record<Result: Sendable>(
        _ action: String,
        target: String,
        origin: Origin,
        before: String?,
        change: () async throws -> Result,
        after: (Result) -> String?
    ) async throws -> Result {
        let result: Result
        do {
            result = try await change()
        } catch {
            let failure = Self.failure(for: error)
            _ = try? await self.auditLog.append(
                AuditEntry(
                    actor: origin.actor,
                    action: action,
                    target: target,
                    requestId: origin.requestId,
                    failure: failure,
                    before: before,
                    after: nil
                )
            )
            throw error
        }
        try await self.auditLog.append(
            AuditEntry(
                actor: origin.actor,
                action: action,
                target: target,
                requestId: origin.requestId,
                failure: nil,
                before: before,
                after: after(result)
            )
        )
        return result
    }

    static func failure(for error: any Error) -> AuditFailure {
        if let error = error as? AWSError {
            return AuditFailure(code: error.code, message: error.message)
        }
        if let error = error as? ValidationError {
            return AuditFailure(code: "ValidationError", message: error.description)
        }
        return AuditFailure(code: String(describing: type(of: error)), message: String(describing: error))
    }

    /// Encodes `value` as JSON text with sorted keys, the form audit rows store.
    public static func json(_ value: some Encodable) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }
}
