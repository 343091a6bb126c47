import Logging

/// One versioned schema change, applied once in its own transaction.
public struct PostgresMigration: Sendable {
    /// Strictly increasing, never reused.
    public let version: Int
    public let name: String
    public let apply: @Sendable (PostgresSession) throws -> Void

    public init(version: Int, name: String, apply: @escaping @Sendable (PostgresSession) throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }
}

/// Applies pending migrations under a PostgreSQL advisory lock, so that several instances starting
/// together apply each migration exactly once; applied versions are recorded in `schema_migrations`.
/// Migrations and the wait for the lock are not bound by the pool's statement timeout.
public enum PostgresMigrator {
    /// Applies what is pending and returns the versions it applied (empty when up to date).
    public static func migrate(_ pool: PostgresPool, migrations: [PostgresMigration], lockKey: Int64,
                               logger: Logger) async throws -> [Int] {
        let ordered = migrations.sorted { $0.version < $1.version }
        precondition(Set(ordered.map(\.version)).count == ordered.count, "migration versions must be unique")
        return try await pool.withConnection { session in
            // Without the pool's statement timeout: a migration takes what it needs (an index on a
            // big table), and an instance waits for another's lock until that one is done.
            try session.query("SET statement_timeout = 0")
            defer { _ = try? session.query("RESET statement_timeout") }
            try session.query("SELECT pg_advisory_lock($1)", Int(lockKey))
            defer { _ = try? session.query("SELECT pg_advisory_unlock($1)", Int(lockKey)) }
            try session.executeScript("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let done = Set(try session.query("SELECT version FROM schema_migrations").rows.map { try $0.int("version") })
            var applied: [Int] = []
            for migration in ordered where !done.contains(migration.version) {
                try session.query("BEGIN")
                do {
                    try migration.apply(session)
                    try session.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                                      migration.version, migration.name)
                    try session.query("COMMIT")
                } catch {
                    _ = try? session.query("ROLLBACK")
                    throw error
                }
                logger.info("migration applied", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
            return applied
        }
    }
}
