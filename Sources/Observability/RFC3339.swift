import Foundation

/// RFC 3339 UTC timestamps with milliseconds, the one time format of the API and the logs.
public enum RFC3339 {
    /// Formats `date` as `2026-12-04T16:57:33.123Z`.
    public static func string(from date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        let milliseconds = Int((date.timeIntervalSince1970 - Double(seconds)) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900,
            Int(parts.tm_mon) + 1,
            Int(parts.tm_mday),
            Int(parts.tm_hour),
            Int(parts.tm_min),
            Int(parts.tm_sec),
            min(milliseconds, 999)
        )
    }

    /// Parses an RFC 3339 `date-time` (`2026-12-04T10:00:00Z`, `…T10:00:00.123+01:00`); nil when invalid.
    ///
    /// The grammar is checked here byte by byte: four-digit year, real calendar dates, hours 00–23, at most
    /// nine fraction digits and offsets up to ±23:59. ISO8601DateFormatter is not used, because it accepts
    /// impossible dates and crashes inside ICU on fractions of 35 or more digits (seen with Swift 6.3.1
    /// on Linux).
    public static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count <= 35, bytes[4] == dash, bytes[7] == dash,
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"), bytes[13] == colon, bytes[16] == colon,
            let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
            let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 23, minute <= 59,
            second <= 59
        else {
            return nil
        }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            var scale = 0.1
            while index < bytes.count, let digit = digitValue(bytes[index]) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > start, index - start <= 9 else {
                return nil
            }
        }
        guard let offset = offsetSeconds(bytes[index...]) else {
            return nil
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let epoch = timegm(&parts)
        return Date(timeIntervalSince1970: Double(epoch - offset) + fraction)
    }

    private static let dash = UInt8(ascii: "-")
    private static let colon = UInt8(ascii: ":")

    /// Returns the offset in seconds east of UTC for `Z` or `±HH:MM`, or nil for anything else.
    private static func offsetSeconds(_ bytes: ArraySlice<UInt8>) -> Int? {
        if bytes.count == 1, bytes.first == UInt8(ascii: "Z") || bytes.first == UInt8(ascii: "z") {
            return 0
        }
        guard bytes.count == 6, let sign = bytes.first, sign == UInt8(ascii: "+") || sign == dash,
            bytes[bytes.startIndex + 3] == colon,
            let hours = number(bytes[(bytes.startIndex + 1)..<(bytes.startIndex + 3)]),
            let minutes = number(bytes[(bytes.startIndex + 4)...]), hours <= 23, minutes <= 59
        else {
            return nil
        }
        let seconds = hours * 3600 + minutes * 60
        return sign == dash ? -seconds : seconds
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// Parses ASCII digits only; nil for any other byte (signs, spaces, non-ASCII digits).
    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard let digit = digitValue(byte) else {
                return nil
            }
            value = value * 10 + digit
        }
        return value
    }
}
