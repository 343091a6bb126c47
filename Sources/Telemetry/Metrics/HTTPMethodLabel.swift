import HTTPTypes

/// The bounded set of values the `http_request_method` label takes.
enum HTTPMethodLabel {
    private static let known: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    /// The method's name when it is a standard method, `_OTHER` otherwise (as OpenTelemetry specifies).
    static func value(for method: HTTPRequest.Method) -> String {
        let raw = method.rawValue
        return known.contains(raw) ? raw : "_OTHER"
    }
}
