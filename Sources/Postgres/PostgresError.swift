/// What can go wrong talking to PostgreSQL.
public enum PostgresError: Error, Sendable, CustomStringConvertible {
    /// No connection could be made (server down, refused, authentication, timeout).
    case connectionFailed(String)
    /// The connection broke while in use; the statement may or may not have run.
    case connectionLost(String)
    /// The server rejected a statement; `sqlState` is the five-character SQLSTATE code.
    case statementFailed(sqlState: String, message: String)
    /// Every connection stayed busy for longer than the pool's acquire timeout.
    case poolExhausted
    /// The pool has been shut down.
    case poolClosed

    /// True for errors that mean "the database is unavailable" rather than "this statement is wrong".
    public var isUnavailable: Bool {
        switch self {
        case .connectionFailed, .connectionLost, .poolExhausted, .poolClosed: true
        case .statementFailed(let sqlState, _):
            // 57014 query_canceled (statement timeout), 57P01..57P03 shutdown / cannot connect now, class 08 connection.
            sqlState == "57014" || sqlState.hasPrefix("57P") || sqlState.hasPrefix("08")
        }
    }

    /// True for a unique-constraint violation (SQLSTATE 23505).
    public var isUniqueViolation: Bool {
        if case .statementFailed("23505", _) = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .connectionFailed(let message): "cannot connect to PostgreSQL: \(message)"
        case .connectionLost(let message): "lost the PostgreSQL connection: \(message)"
        case .statementFailed(let sqlState, let message): "PostgreSQL error \(sqlState): \(message)"
        case .poolExhausted: "no PostgreSQL connection became free in time"
        case .poolClosed: "the PostgreSQL pool is shut down"
        }
    }
}
