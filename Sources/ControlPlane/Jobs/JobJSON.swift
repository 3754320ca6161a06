import Foundation
import Observability

/// The compact JSON of a job stored in audit rows: its state and each destination's status.
public enum JobJSON {
    public static func summary(of job: ReplicationJob) -> String {
        let destinations: [[String: Any]] = job.destinations.map {
            [
                "region": $0.destination.region, "registryId": $0.destination.registryId, "route": $0.route.rawValue,
                "status": $0.status.rawValue,
            ]
        }
        var body: [String: Any] = [
            "id": job.id, "repository": job.repository, "digest": job.digest, "state": job.state.rawValue,
            "mode": job.mode.rawValue, "trigger": job.trigger.rawValue, "attempts": job.attempts,
            "deadline": RFC3339.string(from: job.deadline), "destinations": destinations,
        ]
        body["tag"] = job.tag
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
