/// The `db_operation_name` of a statement: its leading SQL keyword from a fixed set, else `OTHER`,
/// so that statement text never becomes a label value.
enum PostgresOperation {
    private static let known: Set<String> = [
        "SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "BEGIN", "COMMIT", "ROLLBACK",
        "CREATE", "ALTER", "DROP", "LOCK", "SET", "TRUNCATE",
    ]

    static func name(of sql: String) -> String {
        let keyword = sql.drop(while: { $0.isWhitespace || $0 == "(" }).prefix(while: { $0.isLetter }).uppercased()
        return known.contains(keyword) ? keyword : "OTHER"
    }
}
