import Foundation

/// What the shoppers were told about their checkouts, compared with the orders in PostgreSQL: every
/// order a shopper was told about exists exactly once, and no other order exists.
struct OrderAudit: Codable, Sendable {
    /// Orders the shoppers were told were placed.
    var told = 0
    /// Told about, but not in the database.
    var lost = 0
    /// More than one order for one checkout (one idempotency key).
    var duplicated = 0
    /// In the database, for a checkout whose shopper never learned of it.
    var untold = 0
    /// In the database, for no checkout of this drill.
    var foreign = 0
    /// Checkouts still without an answer when the drill ended (no order in the database for them).
    var unanswered = 0

    var problems: [String] {
        [(lost, "lost"), (duplicated, "duplicated"), (untold, "placed without the shopper being told"),
         (foreign, "not placed by any shopper")]
            .filter { $0.0 > 0 }.map { "\($0.0) order(s) \($0.1)" }
    }

    /// The database's clock, to select the orders placed from now on.
    static func databaseNow(_ databaseURL: String) throws -> String {
        try psql(databaseURL, "SELECT now()").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func run(ledger: CheckoutLedger, databaseURL: String, since: String) throws -> OrderAudit {
        let rows = try psql(databaseURL, "SELECT id, idempotency_key FROM orders WHERE created_at >= '\(since)'::timestamptz")
            .split(separator: "\n").map { $0.split(separator: "|", maxSplits: 1).map(String.init) }.filter { $0.count == 2 }
        var ordersByKey: [String: [String]] = [:]
        for row in rows { ordersByKey[row[1], default: []].append(row[0]) }
        var audit = OrderAudit()
        var attemptKeys = Set<String>()
        for attempt in ledger.all {
            attemptKeys.insert(attempt.key)
            let orders = ordersByKey[attempt.key] ?? []
            audit.duplicated += max(0, orders.count - 1)
            switch attempt.answer {
            case .placed(let id):
                audit.told += 1
                if !orders.contains(id) { audit.lost += 1 }
            case .refused:
                audit.untold += orders.count
            case .unknown:
                audit.untold += orders.count
                if orders.isEmpty { audit.unanswered += 1 }
            }
        }
        audit.foreign = ordersByKey.filter { !attemptKeys.contains($0.key) }.values.reduce(0) { $0 + $1.count }
        return audit
    }

    private static func psql(_ databaseURL: String, _ sql: String) throws -> String {
        guard let psql = CommandLineTool.find("psql") else { throw PlatformError("psql is missing: apt-get install postgresql-client") }
        return try CommandLineTool.run(psql, [databaseURL, "-X", "-tA", "-F", "|", "-c", sql])
    }
}
