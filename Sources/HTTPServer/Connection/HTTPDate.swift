import Foundation
import Synchronization

/// The IMF-fixdate for the `Date` header (RFC 9110, section 5.6.7), formatted once per second.
final class HTTPDateCache: Sendable {
    static let shared = HTTPDateCache()

    private let cached = Mutex<(second: Int, text: String)>((-1, ""))

    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    func current() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let second = now.tv_sec
        return self.cached.withLock { cached in
            if cached.second != second {
                cached = (second, Self.format(epochSeconds: second))
            }
            return cached.text
        }
    }

    static func format(epochSeconds: Int) -> String {
        var seconds = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let weekday = weekdays[(epochSeconds / 86_400 % 7 + 7) % 7]
        let time = String(format: "%02d:%02d:%02d", Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        let day = String(format: "%02d", Int(parts.tm_mday))
        return "\(weekday), \(day) \(months[Int(parts.tm_mon)]) \(Int(parts.tm_year) + 1900) \(time) GMT"
    }
}
