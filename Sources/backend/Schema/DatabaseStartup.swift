#if canImport(Glibc)
import Glibc
#endif
import Logging
import Postgres

/// Brings the schema up to date at start, waiting for PostgreSQL to accept connections.
enum DatabaseStartup {
    /// Retries while the database is unavailable, up to `timeoutSeconds`; then, or on a failed
    /// migration, logs why and exits with status 1.
    static func migrate(_ pool: PostgresPool, timeoutSeconds: Int, logger: Logger) async {
        let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
        while true {
            do {
                let applied = try await PostgresMigrator.migrate(pool, migrations: BackendMigrations.all,
                                                                 lockKey: BackendMigrations.lockKey, logger: logger)
                logger.info("schema up to date", metadata: ["applied": "\(applied)"])
                return
            } catch let error as PostgresError where error.isUnavailable && ContinuousClock.now < deadline {
                logger.warning("waiting for PostgreSQL", error: error)
                try? await Task.sleep(for: .seconds(1))
            } catch {
                logger.critical("cannot prepare the database", error: error)
                exit(1)
            }
        }
    }
}
