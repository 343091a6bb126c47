import Foundation
import Synchronization
import Logging
import Postgres
import Telemetry
import TestSupport
import Testing

@Suite("PostgreSQL pool against a real server")
struct PostgresPoolTests {
    static func makePool(_ url: String, size: Int = 4, statementTimeout: Duration = .seconds(5),
                         acquireTimeout: Duration = .seconds(5), registry: MetricsRegistry = .shared) -> PostgresPool {
        PostgresPool(configuration: PostgresConfiguration(
            connectionString: url, poolSize: size, statementTimeout: statementTimeout, acquireTimeout: acquireTimeout,
            applicationName: "pool-test"), metrics: DatabaseClientMetrics(registry: registry))
    }

    @Test("bound parameters are data, never SQL", arguments: [
        "'; DROP TABLE notes; --", "1 OR 1=1", "Robert'); DELETE FROM notes;--", "\\x00 \" ' ` $1 %", "日本語 🛒",
    ])
    func boundParametersAreData(text: String) async throws {
        let url = try await PostgresServer.shared().createDatabase()
        let pool = Self.makePool(url)
        defer { Task { await pool.shutdown() } }
        try await pool.query("CREATE TABLE notes (body text)")
        try await pool.query("INSERT INTO notes (body) VALUES ($1)", text)
        let rows = try await pool.query("SELECT body FROM notes WHERE body = $1", text)
        #expect(try rows.first?.string("body") == text)
        #expect(try await pool.query("SELECT count(*) AS n FROM notes").first?.int("n") == 1)
    }

    @Test("a transaction that throws writes nothing")
    func transactionRollsBack() async throws {
        struct Abort: Error {}
        let pool = Self.makePool(try await PostgresServer.shared().createDatabase())
        defer { Task { await pool.shutdown() } }
        try await pool.query("CREATE TABLE items (id int PRIMARY KEY)")
        await #expect(throws: Abort.self) {
            try await pool.transaction { tx in
                try tx.query("INSERT INTO items VALUES ($1)", 1)
                throw Abort()
            }
        }
        await #expect(throws: PostgresError.self) {
            try await pool.transaction { tx in
                try tx.query("INSERT INTO items VALUES ($1)", 2)
                try tx.query("INSERT INTO items VALUES ($1)", 2)  // duplicate key
            }
        }
        #expect(try await pool.query("SELECT count(*) AS n FROM items").first?.int("n") == 0)
        try await pool.transaction { tx in try tx.query("INSERT INTO items VALUES ($1)", 3) }
        #expect(try await pool.query("SELECT count(*) AS n FROM items").first?.int("n") == 1)
    }

    @Test("the statement timeout cancels a long statement, and the connection stays usable")
    func statementTimeout() async throws {
        let pool = Self.makePool(try await PostgresServer.shared().createDatabase(), size: 1, statementTimeout: .milliseconds(300))
        defer { Task { await pool.shutdown() } }
        do {
            try await pool.query("SELECT pg_sleep(10)")
            Issue.record("pg_sleep(10) should have been cancelled")
        } catch let error as PostgresError {
            guard case .statementFailed(let sqlState, _) = error else { throw error }
            #expect(sqlState == "57014")
            #expect(error.isUnavailable)
        }
        #expect(try await pool.query("SELECT 41 + 1 AS answer").first?.int("answer") == 42)
    }

    @Test("callers beyond the pool size wait, and time out with poolExhausted")
    func poolSizeIsAHardLimit() async throws {
        let url = try await PostgresServer.shared().createDatabase()
        let pool = Self.makePool(url, size: 2, acquireTimeout: .milliseconds(300))
        defer { Task { await pool.shutdown() } }
        // Two callers hold both connections (their bodies block on the pool's threads) until released.
        let holding = Counter()
        let release = DispatchSemaphore(value: 0)
        async let first: Void = pool.withConnection { session in
            try session.query("SELECT 1")
            holding.increment()
            release.wait()
        }
        async let second: Void = pool.withConnection { session in
            try session.query("SELECT 1")
            holding.increment()
            release.wait()
        }
        var attempts = 0
        while holding.value < 2, attempts < 1000 {
            attempts += 1
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(holding.value == 2)
        await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        let connections = try await PostgresServer.shared().psql(
            database: PostgresServer.databaseName(of: url),
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pool-test' AND datname = current_database()")
        #expect(Int(connections) == 2)
        release.signal()
        release.signal()
        _ = try await (first, second)
        #expect(try await pool.query("SELECT 1 AS one").first?.int("one") == 1)
    }

    @Test("connections broken by a server restart are replaced without restarting the client")
    func recoversAfterServerRestart() async throws {
        let server = try PostgresServer()  // private: this test stops it
        _ = try await server.psql(database: "postgres", "CREATE DATABASE shop")
        let pool = Self.makePool(server.url(database: "shop"), size: 2)
        defer { Task { await pool.shutdown() } }
        #expect(try await pool.query("SELECT 1 AS one").first?.int("one") == 1)
        try await server.stop()
        do {
            try await pool.query("SELECT 1")
            Issue.record("a query with the server down should fail")
        } catch let error as PostgresError {
            #expect(error.isUnavailable)
        }
        try await server.start()
        #expect(try await pool.query("SELECT 2 AS two").first?.int("two") == 2)
    }

    /// Runs `migrations` from each pool at once, as instances starting together do; the versions each
    /// applied, fewest first.
    static func migrateTogether(_ pools: [PostgresPool], _ migrations: [PostgresMigration]) async throws -> [[Int]] {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        return try await withThrowingTaskGroup(of: [Int].self) { group in
            for pool in pools {
                group.addTask { try await PostgresMigrator.migrate(pool, migrations: migrations, lockKey: 42, logger: logger) }
            }
            return try await group.reduce(into: []) { $0.append($1) }.sorted { $0.count < $1.count }
        }
    }

    @Test("migrations started together by two instances are applied exactly once")
    func migrationsRunOnceUnderTheLock() async throws {
        let url = try await PostgresServer.shared().createDatabase()
        let migrations = [
            PostgresMigration(version: 1, name: "table") { session in
                try session.executeScript("CREATE TABLE runs (at timestamptz DEFAULT now())")
            },
            PostgresMigration(version: 2, name: "slow insert") { session in
                try session.query("SELECT pg_sleep(0.3)")
                try session.query("INSERT INTO runs DEFAULT VALUES")
            },
        ]
        let pools = [Self.makePool(url), Self.makePool(url)]
        defer { Task { for pool in pools { await pool.shutdown() } } }
        #expect(try await Self.migrateTogether(pools, migrations) == [[], [1, 2]])
        #expect(try await pools[0].query("SELECT count(*) AS n FROM runs").first?.int("n") == 1)
        #expect(try await pools[0].query("SELECT count(*) AS n FROM schema_migrations").first?.int("n") == 2)
    }

    @Test("a migration and the wait for another instance's lock outlast the statement timeout, which holds again afterwards")
    func migrationsIgnoreTheStatementTimeout() async throws {
        let url = try await PostgresServer.shared().createDatabase()
        let migrations = [
            PostgresMigration(version: 1, name: "slower than the timeout") { session in
                try session.query("SELECT pg_sleep(0.6)")
                try session.executeScript("CREATE TABLE runs (at timestamptz DEFAULT now())")
            },
        ]
        let pools = [Self.makePool(url, size: 1, statementTimeout: .milliseconds(200)),
                     Self.makePool(url, size: 1, statementTimeout: .milliseconds(200))]
        defer { Task { for pool in pools { await pool.shutdown() } } }
        #expect(try await Self.migrateTogether(pools, migrations) == [[], [1]])
        for pool in pools {
            #expect(try await pool.query("SHOW statement_timeout").first?.string("statement_timeout") == "200ms")
        }
    }

    @Test("every statement records db_client_operation_duration_seconds by operation, and the pool gauges")
    func statementsAreMeasured() async throws {
        let registry = MetricsRegistry(prometheus: .init())
        let pool = Self.makePool(try await PostgresServer.shared().createDatabase(), registry: registry)
        defer { Task { await pool.shutdown() } }
        try await pool.query("CREATE TABLE t (v int)")
        try await pool.query("INSERT INTO t VALUES ($1)", 1)
        try await pool.query("SELECT v FROM t")
        try await pool.query("SELECT v FROM t")
        let text = String(decoding: MetricsExposition(registry: registry).renderText(), as: UTF8.self)
        #expect(text.contains(#"db_client_operation_duration_seconds_count{db_system_name="postgresql",db_operation_name="SELECT"} 2"#))
        #expect(text.contains(#"db_client_operation_duration_seconds_count{db_system_name="postgresql",db_operation_name="INSERT"} 1"#))
        #expect(text.contains(#"db_client_operation_duration_seconds_count{db_system_name="postgresql",db_operation_name="CREATE"} 1"#))
        #expect(text.contains(#"db_client_connections_max{db_system_name="postgresql"} 4"#))
        #expect(text.contains(#"db_client_connections_usage{db_system_name="postgresql",state="idle"} 1"#))
    }

    @Test("key=value connection strings work as well as URLs")
    func keyValueConnectionString() async throws {
        let server = try PostgresServer.shared()
        let name = PostgresServer.databaseName(of: try await server.createDatabase())
        let pool = Self.makePool("host=127.0.0.1 port=\(server.port) user=shopmicro dbname=\(name)")
        defer { Task { await pool.shutdown() } }
        #expect(try await pool.query("SELECT current_database() AS db").first?.string("db") == name)
    }
}

/// A count shared with closures running on other threads.
private final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    func increment() { count.add(1, ordering: .relaxed) }
}
