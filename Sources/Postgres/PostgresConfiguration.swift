/// How to reach PostgreSQL and how the pool behaves.
public struct PostgresConfiguration: Sendable {
    /// Any libpq connection string (`postgresql://…` URI or `key=value` pairs); empty means libpq's
    /// own defaults and the `PG*` environment variables.
    public var connectionString: String
    /// Connections the pool keeps at most.
    public var poolSize: Int
    /// How long opening a connection may take (libpq `connect_timeout`, whole seconds, at least 2).
    public var connectTimeoutSeconds: Int
    /// Server-side limit per statement (`statement_timeout`); also bounds how long a dead peer is waited for.
    public var statementTimeout: Duration
    /// How long a caller waits for a free connection before `PostgresError.poolExhausted`.
    public var acquireTimeout: Duration
    /// Shown in `pg_stat_activity`.
    public var applicationName: String
    /// A password that wins over one in `connectionString` (which then need not hold any).
    public var password: String?

    public init(connectionString: String, poolSize: Int = 8, connectTimeoutSeconds: Int = 5,
                statementTimeout: Duration = .seconds(5), acquireTimeout: Duration = .seconds(5),
                applicationName: String = "shopmicro") {
        self.connectionString = connectionString
        self.poolSize = poolSize
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.statementTimeout = statementTimeout
        self.acquireTimeout = acquireTimeout
        self.applicationName = applicationName
    }

    /// libpq keyword/value pairs: our defaults first, then the connection string, whose own
    /// settings win (libpq expands the `dbname` entry in place).
    var connectionParameters: [(String, String)] {
        let timeoutMilliseconds = statementTimeout.components.seconds * 1000
            + statementTimeout.components.attoseconds / 1_000_000_000_000_000
        return [
            ("connect_timeout", String(max(2, connectTimeoutSeconds))),
            ("application_name", applicationName),
            ("options", "-c statement_timeout=\(timeoutMilliseconds)"),
            // A peer that vanished without closing the socket is noticed instead of waited for forever.
            ("keepalives", "1"),
            ("keepalives_idle", "10"),
            ("keepalives_interval", "5"),
            ("keepalives_count", "3"),
            ("tcp_user_timeout", String(timeoutMilliseconds + 1000)),
            ("dbname", connectionString),
        ] + (password.map { [("password", $0)] } ?? [])
    }
}
