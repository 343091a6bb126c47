import Foundation

/// The data stores a backend under test uses when a test does not bring its own: a fresh
/// database on the shared PostgreSQL cluster and the shared `redis-server` of the test process.
public enum TestStores {
    private static let sharedRedis = Result { try RedisServer() }

    /// The shared Redis server (tests that stop Redis start their own).
    public static func redis() throws -> RedisServer {
        try sharedRedis.get()
    }

    /// `DATABASE_URL` (a new database) and `REDIS_URL` for one backend process.
    public static func backendEnvironment() async throws -> [String: String] {
        ["DATABASE_URL": try await PostgresServer.shared().createDatabase(), "REDIS_URL": try redis().url]
    }
}
