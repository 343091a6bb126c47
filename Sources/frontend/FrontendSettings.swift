import ServiceKit

/// The storefront's own configuration, read once at start.
struct FrontendSettings: Sendable {
    /// `BACKEND_URL`: the shop's JSON API.
    var backendURL: String
    /// `ML_URL`: the recommendation service.
    var mlURL: String
    /// `COOKIE_SECURE`: mark cookies `Secure` (set it to `true` behind HTTPS), default false.
    var secureCookies: Bool
    /// `RECOMMENDATIONS_TIMEOUT_MS`: how long a product page waits for recommendations, default 300.
    var recommendationsTimeout: Duration

    init(_ reader: EnvironmentReader) throws(ConfigurationError) {
        backendURL = try reader.httpURL("BACKEND_URL", default: "http://127.0.0.1:8080")!
        mlURL = try reader.httpURL("ML_URL", default: "http://127.0.0.1:8000")!
        secureCookies = try reader.choice("COOKIE_SECURE", default: Toggle.false) == .true
        recommendationsTimeout = .milliseconds(try reader.integer("RECOMMENDATIONS_TIMEOUT_MS", default: 300, in: 10...10_000))
    }

    enum Toggle: String, CaseIterable {
        case `true`, `false`
    }
}
