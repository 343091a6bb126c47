import FoundationEssentials
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
    var redis: RedisEndpoint?
    /// `PAGE_CACHE_TTL_MS`: how long a rendered catalog page is reused at most, default 10000 (0: off).
    var pageCacheTTL: Duration

    /// A Redis server to subscribe to, parsed from `redis://[[user]:password@]host[:port][/db]`.
    struct RedisEndpoint: Sendable {
        var host: String
        var port: Int
        var username: String?
        var password: String?
    }

    init(_ reader: EnvironmentReader) throws(ConfigurationError) {
        backendURL = try reader.httpURL("BACKEND_URL", default: "http://127.0.0.1:8080")!
        mlURL = try reader.httpURL("ML_URL", default: "http://127.0.0.1:8000")!
        secureCookies = try reader.choice("COOKIE_SECURE", default: Toggle.false) == .true
        recommendationsTimeout = .milliseconds(try reader.integer("RECOMMENDATIONS_TIMEOUT_MS", default: 300, in: 10...10_000))
        pageCacheTTL = .milliseconds(try reader.integer("PAGE_CACHE_TTL_MS", default: 10_000, in: 0...300_000))
        if let url = reader.string("REDIS_URL").flatMap({ $0.isEmpty ? nil : $0 }) {
            guard var endpoint = RedisEndpoint(url: url) else {
                // The URL may hold a password: name the problem, not the value.
                throw ConfigurationError(variable: "REDIS_URL", reason: "is not a usable redis://[[user]:password@]host[:port][/db] URL")
            }
            if let password = try reader.secret("REDIS_PASSWORD") { endpoint.password = password }
            redis = endpoint
        }
    }

    enum Toggle: String, CaseIterable {
        case `true`, `false`
    }
}

extension FrontendSettings.RedisEndpoint {
    init?(url: String) {
        guard url.hasPrefix("redis://") else { return nil }
        var rest = Substring(url.dropFirst("redis://".count))
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                username = credentials[..<colon].isEmpty ? nil : String(credentials[..<colon])
                password = String(credentials[credentials.index(after: colon)...]).removingPercentEncoding
            } else {
                password = String(credentials).removingPercentEncoding
            }
        }
        host = String(rest)
        port = 6379
        if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            port = number
        }
        if host.isEmpty { return nil }
    }
}
