import Foundation

/// A structured logger shaped like swift-log's: a value carrying a label, a minimum level and metadata,
/// writing one line per event through a shared sink.
///
/// Messages are constant sentences; variable data goes in dotted metadata keys such as `http.request_id`.
/// Loggers are passed in, never global, and copies made with `with(_:_:)` carry extra metadata for one
/// request or job.
public struct Logger: Sendable {
    /// Severity, ordered from the most verbose to the most severe.
    public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case trace
        case debug
        case info
        case notice
        case warning
        case error
        case critical

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            case .critical: "critical"
            }
        }

        /// Parses a level name such as `debug`; returns nil for an unknown name.
        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.description == name.lowercased() }) else {
                return nil
            }
            self = level
        }
    }

    /// Metadata attached to an event: string keys mapped to string values.
    public typealias Metadata = [String: String]

    public let label: String
    public var level: Level
    public var metadata: Metadata
    private let sink: LogSink

    public init(label: String, level: Level = .info, sink: LogSink = .standardError(format: .json)) {
        self.label = label
        self.level = level
        self.metadata = [:]
        self.sink = sink
    }

    /// Returns a copy that adds `value` under `key` to every event it logs.
    public func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy.metadata[key] = value
        return copy
    }

    /// Returns a copy with a different label and the same level, metadata and sink.
    public func labelled(_ label: String) -> Logger {
        var copy = Logger(label: label, level: self.level, sink: self.sink)
        copy.metadata = self.metadata
        return copy
    }

    /// Reports whether an event at `level` would be written.
    public func isEnabled(_ level: Level) -> Bool { level >= self.level }

    public func log(_ level: Level, _ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        guard level >= self.level else {
            return
        }
        var merged = self.metadata
        for (key, value) in metadata() {
            merged[key] = value
        }
        self.sink.write(LogEvent(date: Date(), level: level, label: self.label, message: message(), metadata: merged))
    }

    public func trace(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        self.log(.trace, message(), metadata: metadata())
    }

    public func debug(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        self.log(.debug, message(), metadata: metadata())
    }

    public func info(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        self.log(.info, message(), metadata: metadata())
    }

    public func notice(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        self.log(.notice, message(), metadata: metadata())
    }

    public func warning(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        self.log(.warning, message(), metadata: metadata())
    }

    public func error(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        self.log(.error, message(), metadata: metadata())
    }

    public func critical(_ message: @autoclosure () -> String, metadata: @autoclosure () -> Metadata = [:]) {
        self.log(.critical, message(), metadata: metadata())
    }
}

extension Logger {
    /// A logger that writes nothing, for tests and tools that have no log to write.
    public static let disabled = Logger(label: "disabled", level: .critical, sink: .discard)
}

/// One log event as handed to a sink.
public struct LogEvent: Sendable {
    public let date: Date
    public let level: Logger.Level
    public let label: String
    public let message: String
    public let metadata: Logger.Metadata

    public init(date: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) {
        self.date = date
        self.level = level
        self.label = label
        self.message = message
        self.metadata = metadata
    }
}
