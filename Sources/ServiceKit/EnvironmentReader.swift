import FoundationEssentials
import Logging

/// Reads and validates configuration from environment variables, naming the variable in every error.
public struct EnvironmentReader: Sendable {
    public let environment: [String: String]

    public init(_ environment: [String: String]) {
        self.environment = environment
    }

    /// The value of `name`, or nil when it is unset or empty.
    public func string(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// A secret given either as the value of `name` or, better (no copy in the process environment),
    /// as the contents of the file that `name_FILE` names (a Kubernetes Secret volume, a systemd
    /// credential); one trailing newline is dropped. Errors never show the value.
    public func secret(_ name: String) throws(ConfigurationError) -> String? {
        let fileVariable = name + "_FILE"
        guard let path = string(fileVariable) else { return string(name) }
        if string(name) != nil {
            throw ConfigurationError(variable: fileVariable, reason: "and \(name) are both set: set one")
        }
        guard let data = FileManager.default.contents(atPath: path), var value = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(variable: fileVariable, reason: "=\"\(path)\" is not a readable UTF-8 file")
        }
        if value.last?.isNewline == true { value.removeLast() }  // "\r\n" is one Character
        guard !value.isEmpty else {
            throw ConfigurationError(variable: fileVariable, reason: "=\"\(path)\" is empty")
        }
        return value
    }

    /// An integer within `range`, `defaultValue` when unset.
    public func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let raw = string(name) else { return defaultValue }
        guard let value = Int(raw), range.contains(value) else {
            throw ConfigurationError(variable: name, reason: "=\"\(raw)\" is not an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A duration written as whole seconds (`300`) or with a unit (`300s`, `5m`, `1h`), within `range` seconds.
    public func duration(_ name: String, default defaultValue: Duration, in range: ClosedRange<Int>) throws(ConfigurationError) -> Duration {
        guard let raw = string(name) else { return defaultValue }
        guard let seconds = DurationText.seconds(raw), range.contains(seconds) else {
            throw ConfigurationError(variable: name, reason: "=\"\(raw)\" is not a duration between \(range.lowerBound) and \(range.upperBound) seconds (e.g. 300, 90s, 5m, 1h)")
        }
        return .seconds(seconds)
    }

    /// `true` or `false` (any case), `defaultValue` when unset.
    public func flag(_ name: String, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        guard let raw = string(name) else { return defaultValue }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default: throw ConfigurationError(variable: name, reason: "=\"\(raw)\" is not true or false")
        }
    }

    /// A TCP port number.
    public func port(_ name: String, default defaultValue: Int) throws(ConfigurationError) -> Int {
        guard let raw = string(name) else { return defaultValue }
        guard let value = Int(raw), (1...65535).contains(value) else {
            throw ConfigurationError(variable: name, reason: "=\"\(raw)\" is not a port number (1-65535)")
        }
        return value
    }

    /// A port number, nil when unset.
    public func optionalPort(_ name: String) throws(ConfigurationError) -> Int? {
        string(name) == nil ? nil : try port(name, default: 0)
    }

    /// One of the raw values of `T`, case-insensitively.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: T) throws(ConfigurationError) -> T
    where T.RawValue == String {
        guard let raw = string(name) else { return defaultValue }
        guard let value = T.allCases.first(where: { $0.rawValue == raw.lowercased() }) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: "|")
            throw ConfigurationError(variable: name, reason: "=\"\(raw)\" is not one of \(allowed)")
        }
        return value
    }

    /// A swift-log level name.
    public func logLevel(_ name: String, default defaultValue: Logger.Level) throws(ConfigurationError) -> Logger.Level {
        try choice(name, default: defaultValue)
    }

    /// An absolute http(s) URL, without a trailing slash.
    public func httpURL(_ name: String, default defaultValue: String?) throws(ConfigurationError) -> String? {
        guard let raw = string(name) else { return defaultValue }
        let lowered = raw.lowercased()
        let schemeOK = lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
        let rest = raw.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard schemeOK, rest.count >= 3, !rest[2].isEmpty, !raw.contains(" ") else {
            throw ConfigurationError(variable: name, reason: "=\"\(raw)\" is not an http:// or https:// URL")
        }
        return raw.hasSuffix("/") ? String(raw.dropLast()) : raw
    }
}
