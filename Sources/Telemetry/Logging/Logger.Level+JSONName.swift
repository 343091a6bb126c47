import Logging

extension Logger.Level {
    /// The level's name (its raw value) as a static string, written without a `String`.
    var jsonName: StaticString {
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
}
