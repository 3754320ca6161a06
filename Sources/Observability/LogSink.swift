import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The destination of log events: standard error as JSON lines or text, a test recorder, or nothing.
public struct LogSink: Sendable {
    /// Line format of a stream sink.
    public enum Format: String, Sendable, CaseIterable {
        /// One JSON object per line with `time`, `level`, `label`, `message` and the metadata keys.
        case json
        /// `time level label: message key=value …`, for people reading a terminal.
        case text
    }

    private let writeEvent: @Sendable (LogEvent) -> Void

    public init(_ write: @escaping @Sendable (LogEvent) -> Void) {
        self.writeEvent = write
    }

    func write(_ event: LogEvent) {
        self.writeEvent(event)
    }

    /// A sink that drops every event.
    public static let discard = LogSink { _ in }

    /// A sink that writes each event as one line to standard error with a single `write(2)`, so lines from
    /// different threads never interleave.
    public static func standardError(format: Format) -> LogSink {
        LogSink { event in
            var line = LogLineFormatter.format(event, as: format)
            line.append("\n")
            line.utf8CString.withUnsafeBufferPointer { buffer in
                _ = Glibc.write(2, buffer.baseAddress, buffer.count - 1)
            }
        }
    }
}

/// Renders log events as text lines.
public enum LogLineFormatter {
    /// Keys whose values are never written, whatever a caller puts in metadata.
    static let redactedKeys: Set<String> = [
        "authorization", "http.authorization", "token", "secret", "aws.secret_access_key",
        "aws.session_token", "x-amz-security-token", "password",
    ]

    public static func format(_ event: LogEvent, as format: LogSink.Format) -> String {
        let time = RFC3339.string(from: event.date)
        let metadata = event.metadata.filter { !redactedKeys.contains($0.key.lowercased()) }
        switch format {
        case .json:
            var line = "{\"time\":\(jsonString(time)),\"level\":\(jsonString(event.level.description))"
            line += ",\"label\":\(jsonString(event.label)),\"message\":\(jsonString(event.message))"
            for key in metadata.keys.sorted() {
                line += ",\(jsonString(key)):\(jsonString(metadata[key]!))"
            }
            return line + "}"
        case .text:
            var line = "\(time) \(event.level) \(event.label): \(event.message)"
            for key in metadata.keys.sorted() {
                line += " \(key)=\(metadata[key]!)"
            }
            return line
        }
    }

    /// Returns `value` as a JSON string literal, escaping quotes, backslashes and control characters.
    public static func jsonString(_ value: String) -> String {
        var output = "\""
        output.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                output += "\\u" + String(format: "%04x", scalar.value)
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
