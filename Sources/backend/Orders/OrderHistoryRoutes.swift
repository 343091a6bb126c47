import Hummingbird
import Postgres
import ServiceKit

/// `GET /internal/order-history?after=&limit=`: orders with the products bought together, oldest
/// first, for the recommender. Keyset-paginated by `sequence`; `next_after` is null on the last page.
/// Internal: the public ingress does not route `/internal`.
struct OrderHistoryRoutes: Sendable {
    let pool: PostgresPool

    struct Entry: Sendable {
        let sequence: Int
        let orderId: String
        let createdAt: String
        let productIds: [Int]
    }

    struct Page: Sendable {
        let orders: [Entry]
        let nextAfter: Int?

        /// The page as JSON, written directly: pages hold thousands of entries, and Foundation's
        /// `JSONEncoder` spent about 50 µs on each (250 ms per 5,000-order page; this takes a few ms).
        /// `next_after` is null on the last page.
        func json() -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(64 + orders.count * 140)
            out.append(contentsOf: #"{"next_after":"#.utf8)
            out.append(contentsOf: (nextAfter.map(String.init) ?? "null").utf8)
            out.append(contentsOf: #","orders":["#.utf8)
            for (index, entry) in orders.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #"{"created_at":"#.utf8)
                Self.appendString(entry.createdAt, to: &out)
                out.append(contentsOf: #","order_id":"#.utf8)
                Self.appendString(entry.orderId, to: &out)
                out.append(contentsOf: #","product_ids":["#.utf8)
                out.append(contentsOf: entry.productIds.map(String.init).joined(separator: ",").utf8)
                out.append(contentsOf: #"],"sequence":"#.utf8)
                out.append(contentsOf: String(entry.sequence).utf8)
                out.append(UInt8(ascii: "}"))
            }
            out.append(contentsOf: "]}".utf8)
            return out
        }

        /// A JSON string; the values are PostgreSQL's uuid and timestamp text, but quotes,
        /// backslashes and control characters are escaped all the same.
        private static func appendString(_ value: String, to out: inout [UInt8]) {
            out.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    out.append(UInt8(ascii: "\\"))
                    out.append(byte)
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                default:
                    out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/internal/order-history") { request, _ in
            let after = try RequestInput.integer(request, "after", default: 0, in: 0...Int.max)
            let limit = try RequestInput.integer(request, "limit", default: 500, in: 1...5000)
            // The page of orders comes from the sequence index first; each order's items from the
            // order_items primary key. (Aggregating the join before the LIMIT read every later order
            // on every page: 8 s for 100,000 orders instead of well under one.)
            let rows = try await pool.query("""
                SELECT o.sequence, o.id,
                       to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
                       ARRAY(SELECT i.product_id FROM order_items i WHERE i.order_id = o.id ORDER BY i.product_id) AS product_ids
                FROM orders o
                WHERE o.sequence > $1
                ORDER BY o.sequence LIMIT $2
                """, after, limit)
            let entries = try rows.rows.map {
                Entry(sequence: try $0.int("sequence"), orderId: try $0.string("id"),
                      createdAt: try $0.string("created_at"), productIds: try $0.intArray("product_ids"))
            }
            let page = Page(orders: entries, nextAfter: entries.count == limit ? entries.last?.sequence : nil)
            return JSONBody.response(encoded: ByteBuffer(bytes: page.json()))
        }
    }
}
