import Hummingbird
import Postgres
import ServiceKit

/// `GET /internal/order-history?after=&limit=`: orders with the products bought together, oldest
/// first, for the recommender. Keyset-paginated by `sequence`; `next_after` is null on the last page.
/// Internal: the public ingress does not route `/internal`.
struct OrderHistoryRoutes: Sendable {
    let pool: PostgresPool

    struct Entry: Codable, Sendable {
        let sequence: Int
        let orderId: String
        let createdAt: String
        let productIds: [Int]
    }

    struct Page: Codable, Sendable {
        let orders: [Entry]
        let nextAfter: Int?

        /// `next_after` is written as null on the last page rather than left out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(orders, forKey: .orders)
            try container.encode(nextAfter, forKey: .nextAfter)
        }
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/internal/order-history") { request, _ in
            let after = try RequestInput.integer(request, "after", default: 0, in: 0...Int.max)
            let limit = try RequestInput.integer(request, "limit", default: 500, in: 1...5000)
            let rows = try await pool.query("""
                SELECT o.sequence, o.id,
                       to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
                       array_agg(i.product_id ORDER BY i.product_id) AS product_ids
                FROM orders o JOIN order_items i ON i.order_id = o.id
                WHERE o.sequence > $1
                GROUP BY o.sequence, o.id ORDER BY o.sequence LIMIT $2
                """, after, limit)
            let entries = try rows.rows.map {
                Entry(sequence: try $0.int("sequence"), orderId: try $0.string("id"),
                      createdAt: try $0.string("created_at"), productIds: try $0.intArray("product_ids"))
            }
            return try JSONBody.response(Page(orders: entries, nextAfter: entries.count == limit ? entries.last?.sequence : nil))
        }
    }
}
