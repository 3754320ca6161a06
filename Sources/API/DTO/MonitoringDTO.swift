import ControlPlane

/// The body of `POST /v1/monitoring/provision`; every member is optional.
struct MonitoringProvisionBody: Decodable {
    var namePrefix: String?
    var namespace: String?
    var emailSubscriptions: [String]?
    var httpsSubscriptions: [String]?
    var periodSeconds: Int?
    var failureThreshold: Double?
    var failureEvaluationPeriods: Int?
    var latencyThresholdSeconds: Double?
    var deadManMinutes: Int?

    static let members: Set<String> = [
        "namePrefix", "namespace", "emailSubscriptions", "httpsSubscriptions", "periodSeconds", "failureThreshold",
        "failureEvaluationPeriods", "latencyThresholdSeconds", "deadManMinutes",
    ]

    /// Returns the settings with defaults filled in, or throws 400 naming every invalid member.
    func settings(defaultNamespace: String) throws -> MonitoringSettings {
        let settings = MonitoringSettings(
            namePrefix: self.namePrefix ?? MonitoringSettings.defaultNamePrefix,
            namespace: self.namespace ?? defaultNamespace,
            emailEndpoints: self.emailSubscriptions ?? [],
            httpsEndpoints: self.httpsSubscriptions ?? [],
            periodSeconds: self.periodSeconds ?? 300,
            failureThreshold: self.failureThreshold ?? 0,
            failureEvaluationPeriods: self.failureEvaluationPeriods ?? 1,
            latencyThresholdSeconds: self.latencyThresholdSeconds ?? 1_800,
            // Clamped so a huge value cannot overflow; `issues(in:deadManMinutes:)` still rejects it.
            deadManSeconds: min(max(self.deadManMinutes ?? 60, 1), 1_440) * 60
        )
        let issues = Self.issues(in: settings, deadManMinutes: self.deadManMinutes ?? 60)
        if !issues.isEmpty {
            throw APIError.validation(issues)
        }
        return settings
    }

    /// Returns one issue per invalid member of `settings`.
    static func issues(in settings: MonitoringSettings, deadManMinutes: Int) -> [APIError.FieldIssue] {
        var issues: [APIError.FieldIssue] = []
        let check = { (valid: Bool, field: String, message: String) in
            if !valid {
                issues.append(APIError.FieldIssue(field: field, message: message))
            }
        }
        do {
            try MonitoringSettings.validateNamePrefix(settings.namePrefix, field: .root)
        } catch {
            check(false, "namePrefix", error.errors.first?.message ?? "is invalid")
        }
        check(
            Self.isNamespace(settings.namespace),
            "namespace",
            "must be 1 to 255 printable ASCII characters, not starting with 'AWS/' or ':'"
        )
        check(
            settings.emailEndpoints.allSatisfy(Self.isEmail),
            "emailSubscriptions",
            "must be email addresses such as ops@example.com"
        )
        check(settings.httpsEndpoints.allSatisfy(Self.isHTTPS), "httpsSubscriptions", "must be https:// URLs")

        check(
            settings.emailEndpoints.count + settings.httpsEndpoints.count <= 20,
            "emailSubscriptions",
            "allows at most 20 subscriptions in total"
        )

        // CloudWatch alarm periods are 10, 30 or a multiple of 60 seconds; these four keep the dashboard readable.
        check([60, 300, 900, 3_600].contains(settings.periodSeconds), "periodSeconds", "must be 60, 300, 900 or 3600")
        check(
            settings.failureThreshold >= 0 && settings.failureThreshold <= 1_000_000,
            "failureThreshold",
            "must be from 0 to 1000000"
        )
        check(
            (1...100).contains(settings.failureEvaluationPeriods),
            "failureEvaluationPeriods",
            "must be an integer from 1 to 100"
        )
        check(
            settings.latencyThresholdSeconds > 0 && settings.latencyThresholdSeconds <= 604_800,
            "latencyThresholdSeconds",
            "must be more than 0 and at most 604800"
        )
        // CloudWatch limits an alarm's evaluation range (periods × period) to one day.
        check((1...1_440).contains(deadManMinutes), "deadManMinutes", "must be an integer from 1 to 1440")
        return issues
    }

    static func isNamespace(_ text: String) -> Bool {
        (1...255).contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
            && !text.hasPrefix("AWS/") && !text.hasPrefix(":")
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return text.utf8.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: { $0.isWhitespace })
    }

    static func isHTTPS(_ text: String) -> Bool {
        text.hasPrefix("https://") && text.utf8.count > 8 && text.utf8.count <= 2_048
            && !text.contains(where: { $0.isWhitespace })
    }
}
