/// A Swift value that can be sent as a bound statement parameter (text format).
public protocol PostgresBindable: Sendable {
    /// The parameter's text form; nil is SQL NULL.
    var postgresText: String? { get }
}

extension Int: PostgresBindable {
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresBindable {
    public var postgresText: String? { String(self) }
}

extension String: PostgresBindable {
    public var postgresText: String? { self }
}

extension Bool: PostgresBindable {
    public var postgresText: String? { self ? "t" : "f" }
}

extension Double: PostgresBindable {
    public var postgresText: String? { String(self) }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    public var postgresText: String? { self?.postgresText }
}

extension Array: PostgresBindable where Element == Int {
    /// An integer array literal such as `{1,2,3}`, for `= ANY($1)`.
    public var postgresText: String? { "{" + map(String.init).joined(separator: ",") + "}" }
}
