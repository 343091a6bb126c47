import FoundationEssentials
import Redis
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
    /// `REDIS_URL` (the backend's Redis; `REDIS_PASSWORD`/`REDIS_PASSWORD_FILE` win over a password in
    /// it): where the backend publishes catalog invalidations. Unset: the page cache stays off.
    var redis: RedisConfiguration?
    /// `PAGE_CACHE_TTL_MS`: how long a rendered catalog page is reused at most, default 10000 (0: off).
    var pageCacheTTL: Duration

    init(_ reader: EnvironmentReader) throws(ConfigurationError) {
        backendURL = try reader.httpURL("BACKEND_URL", default: "http://127.0.0.1:8080")!
        mlURL = try reader.httpURL("ML_URL", default: "http://127.0.0.1:8000")!
        secureCookies = try reader.choice("COOKIE_SECURE", default: Toggle.false) == .true
        recommendationsTimeout = .milliseconds(try reader.integer("RECOMMENDATIONS_TIMEOUT_MS", default: 300, in: 10...10_000))
        pageCacheTTL = .milliseconds(try reader.integer("PAGE_CACHE_TTL_MS", default: 10_000, in: 0...300_000))
        if let url = reader.string("REDIS_URL").flatMap({ $0.isEmpty ? nil : $0 }) {
            var configuration: RedisConfiguration
            do {
                configuration = try RedisConfiguration(url: url, poolSize: 1)
            } catch {
                // The URL may hold a password: the error names the problem, not the value.
                throw ConfigurationError(variable: "REDIS_URL", reason: "is not a usable redis:// URL: \(error.reason)")
            }
            if let password = try reader.secret("REDIS_PASSWORD") { configuration.password = password }
            redis = configuration
        }
    }

    enum Toggle: String, CaseIterable {
        case `true`, `false`
    }
}
