import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// SigV4 timestamps: `x-amz-date` in ISO 8601 basic format (`20150830T123600Z`) and its date stamp.
enum AMZDate {
    /// Formats `date` in UTC as `YYYYMMDDTHHMMSSZ` without a formatter object, because signing runs per call.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(unsafeUninitializedCapacity: 16) { buffer in
            var index = 0
            writeDigits(Int(parts.tm_year) + 1900, count: 4, to: buffer, at: &index)
            writeDigits(Int(parts.tm_mon) + 1, count: 2, to: buffer, at: &index)
            writeDigits(Int(parts.tm_mday), count: 2, to: buffer, at: &index)
            buffer[index] = UInt8(ascii: "T")
            index += 1
            writeDigits(Int(parts.tm_hour), count: 2, to: buffer, at: &index)
            writeDigits(Int(parts.tm_min), count: 2, to: buffer, at: &index)
            writeDigits(Int(parts.tm_sec), count: 2, to: buffer, at: &index)
            buffer[index] = UInt8(ascii: "Z")
            return index + 1
        }
    }

    /// Parses `YYYYMMDDTHHMMSSZ`; nil when the text has another shape.
    static func date(from timestamp: String) -> Date? {
        let digits = Array(timestamp.utf8)
        guard digits.count == 16, digits[8] == UInt8(ascii: "T"), digits[15] == UInt8(ascii: "Z") else {
            return nil
        }
        var parts = tm()
        guard let year = number(digits[0..<4]), let month = number(digits[4..<6]), let day = number(digits[6..<8]),
            let hour = number(digits[9..<11]), let minute = number(digits[11..<13]),
            let second = number(digits[13..<15])
        else {
            return nil
        }
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// Writes `value` as `count` decimal digits with leading zeros.
    private static func writeDigits(
        _ value: Int,
        count: Int,
        to buffer: UnsafeMutableBufferPointer<UInt8>,
        at index: inout Int
    ) {
        var remainder = value
        for position in stride(from: index + count - 1, through: index, by: -1) {
            buffer[position] = UInt8(ascii: "0") + UInt8(remainder % 10)
            remainder /= 10
        }
        index += count
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else {
                return nil
            }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }
}
