/// A configuration value that stops the service at start.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The environment variable at fault.
    public let variable: String
    /// What is wrong and what would be right.
    public let reason: String

    public init(variable: String, reason: String) {
        self.variable = variable
        self.reason = reason
    }

    public var description: String { "invalid configuration: \(variable) \(reason)" }
}
