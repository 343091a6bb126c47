import Postgres
import Redis
import ServiceKit

/// The backend's own configuration, read once at start.
struct BackendSettings: Sendable {
    var postgres: PostgresConfiguration
    var redis: RedisConfiguration
    /// `CART_TTL_SECONDS`: how long an untouched cart lives, default 7 days.
    var cartTTLSeconds: Int
    /// `PRODUCT_CACHE_TTL_SECONDS`: how long a cached product or catalog page lives, default 300.
    var productCacheTTLSeconds: Int
    /// `DATABASE_STARTUP_TIMEOUT_SECONDS`: how long start-up waits for PostgreSQL, default 60.
    var startupTimeoutSeconds: Int

    /// The local default when neither `DATABASE_URL` nor any `PG*` variable is set.
    static let localDatabaseURL = "postgresql://shopmicro@127.0.0.1:5432/shopmicro"

    init(_ reader: EnvironmentReader) throws(ConfigurationError) {
        let usesPGVariables = reader.environment.keys.contains { $0.hasPrefix("PG") }
        postgres = PostgresConfiguration(
            connectionString: reader.string("DATABASE_URL") ?? (usesPGVariables ? "" : Self.localDatabaseURL),
            poolSize: try reader.integer("DATABASE_POOL_SIZE", default: 8, in: 1...200),
            connectTimeoutSeconds: try reader.integer("DATABASE_CONNECT_TIMEOUT_SECONDS", default: 5, in: 2...300),
            statementTimeout: .milliseconds(try reader.integer("DATABASE_STATEMENT_TIMEOUT_MS", default: 5000, in: 100...600_000)),
            acquireTimeout: .milliseconds(try reader.integer("DATABASE_ACQUIRE_TIMEOUT_MS", default: 5000, in: 10...600_000)),
            applicationName: "shopmicro-backend")
        postgres.password = try reader.secret("DATABASE_PASSWORD")
        let redisURL = reader.string("REDIS_URL") ?? "redis://127.0.0.1:6379/0"
        let redisPoolSize = try reader.integer("REDIS_POOL_SIZE", default: 8, in: 1...200)
        let redisTimeout = Duration.milliseconds(try reader.integer("REDIS_TIMEOUT_MS", default: 500, in: 10...60_000))
        do {
            redis = try RedisConfiguration(url: redisURL, poolSize: redisPoolSize, timeout: redisTimeout)
        } catch {
            // The URL may hold a password: name the problem, not the value.
            throw ConfigurationError(variable: "REDIS_URL", reason: "is not a usable redis:// URL: \(error.reason)")
        }
        // `REDIS_PASSWORD` or `REDIS_PASSWORD_FILE` (as a Kubernetes Secret volume or a systemd
        // credential gives it) wins over a password in the URL and needs no percent-encoding.
        if let password = try reader.secret("REDIS_PASSWORD") {
            redis.password = password
        }
        cartTTLSeconds = try reader.integer("CART_TTL_SECONDS", default: 7 * 24 * 3600, in: 60...90 * 24 * 3600)
        productCacheTTLSeconds = try reader.integer("PRODUCT_CACHE_TTL_SECONDS", default: 300, in: 1...86_400)
        startupTimeoutSeconds = try reader.integer("DATABASE_STARTUP_TIMEOUT_SECONDS", default: 60, in: 0...3600)
    }
}
