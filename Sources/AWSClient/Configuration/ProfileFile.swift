import Foundation

/// The shared AWS config and credentials files: INI sections of `key = value` lines.
///
/// In the config file a profile's section is `[profile NAME]` (`[default]` for the default profile); in the
/// credentials file it is `[NAME]`. Comments start with `#` or `;`. Indented lines belong to a nested
/// setting and are skipped, since no setting this client reads is nested.
public struct ProfileFile: Sendable, Equatable {
    /// Settings per profile name; keys are lowercased.
    public private(set) var profiles: [String: [String: String]] = [:]

    /// Parses `text`; `isConfigFile` selects the `[profile NAME]` section form.
    public init(text: String, isConfigFile: Bool) {
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if let first = rawLine.first, first == " " || first == "\t" {
                continue
            }
            let line = Self.strippingComment(rawLine).trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                continue
            }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = Self.profileName(section: String(line.dropFirst().dropLast()), isConfigFile: isConfigFile)
                if let current, self.profiles[current] == nil {
                    self.profiles[current] = [:]
                }
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else {
                continue
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            self.profiles[current]?[key] = value
        }
    }

    /// Reads and parses the file at `path`; nil when it does not exist or cannot be read.
    public static func load(path: String, isConfigFile: Bool) -> ProfileFile? {
        guard let data = FileManager.default.contents(atPath: path) else {
            return nil
        }
        return ProfileFile(text: String(decoding: data, as: UTF8.self), isConfigFile: isConfigFile)
    }

    /// Returns the settings of `profile`, or nil when the file has no such profile.
    public func settings(of profile: String) -> [String: String]? {
        self.profiles[profile]
    }

    private static func profileName(section: String, isConfigFile: Bool) -> String? {
        let name = section.trimmingCharacters(in: .whitespaces)
        guard isConfigFile else {
            return name
        }
        if name == "default" {
            return name
        }
        guard name.hasPrefix("profile ") || name.hasPrefix("profile\t") else {
            // The config file names other sections `sso-session …` or `services …`; they are not profiles.
            return nil
        }
        return name.dropFirst("profile".count).trimmingCharacters(in: .whitespaces)
    }

    /// Drops a comment: a line starting with `#` or `;`, or ` #`/` ;` after a value.
    private static func strippingComment(_ line: Substring) -> String {
        let text = String(line)
        if text.hasPrefix("#") || text.hasPrefix(";") {
            return ""
        }
        for marker in [" #", " ;", "\t#", "\t;"] {
            if let range = text.range(of: marker) {
                return String(text[..<range.lowerBound])
            }
        }
        return text
    }
}
