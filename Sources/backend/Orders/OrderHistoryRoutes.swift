import HTTPTypes
import Hummingbird
import Postgres
import ServiceKit

/// `GET /internal/order-history?after=&limit=`: orders with the products bought together, oldest
/// first, for the recommender. Keyset-paginated by `sequence`; `next_after` is null on the last page,
/// and a page that has a next one says so in a `Link: <…?after=N&limit=L>; rel="next"` header too.
/// JSON by default; `Accept: text/tab-separated-values` gets the compact form the ml-service reads
/// (`OrderHistoryPage.tsv()`). Internal: the public ingress does not route `/internal`.
struct OrderHistoryRoutes: Sendable {
    let pool: PostgresPool

    /// Page sizes the endpoint accepts (the API document says the same).
    static let limits = 1...5000

    func register(on router: Router<BasicRequestContext>) {
        router.get("/internal/order-history") { request, _ in
            let after = try RequestInput.integer(request, "after", default: 0, in: 0...Int.max)
            let limit = try RequestInput.integer(request, "limit", default: 500, in: Self.limits)
            let format = OrderHistoryFormat.negotiate(request.headers[.accept])
            let page = try await self.page(after: after, limit: limit)
            var headers: HTTPFields = [.contentType: format.contentType, .vary: "Accept"]
            if let next = page.nextAfter {
                headers[HTTPField.Name("Link")!] = "</internal/order-history?after=\(next)&limit=\(limit)>; rel=\"next\""
            }
            return Response(status: .ok, headers: headers,
                            body: ResponseBody(byteBuffer: format == .tsv ? page.tsv() : page.json()))
        }
    }

    /// The `limit` orders after sequence `after`.
    func page(after: Int, limit: Int) async throws -> OrderHistoryPage {
        // The page of orders comes from the sequence index first; each order's items from the
        // order_items primary key. (Aggregating the join before the LIMIT read every later order
        // on every page: 8 s for 100,000 orders instead of well under one.) The product ids come as
        // PostgreSQL's own comma-separated text, copied into either form as they are: splitting the
        // `{1,2,3}` array text into integers was a third of the backend's time per page.
        let rows = try await pool.query("""
            SELECT o.sequence, o.id,
                   to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
                   array_to_string(ARRAY(SELECT i.product_id FROM order_items i WHERE i.order_id = o.id ORDER BY i.product_id), ',')
                       AS product_ids
            FROM orders o
            WHERE o.sequence > $1
            ORDER BY o.sequence LIMIT $2
            """, after, limit)
        let entries = try rows.rows.map {
            OrderHistoryPage.Entry(sequence: try $0.int("sequence"), orderId: try $0.string("id"),
                                   createdAt: try $0.string("created_at"), productIds: try $0.string("product_ids"))
        }
        return OrderHistoryPage(orders: entries, nextAfter: entries.count == limit ? entries.last?.sequence : nil)
    }
}
