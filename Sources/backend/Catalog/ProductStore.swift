import ShopAPI
import Postgres

/// Catalog reads from PostgreSQL.
struct ProductStore: Sendable {
    let pool: PostgresPool

    func product(id: Int) async throws -> Product? {
        try await pool.query("SELECT \(Product.columns) FROM products WHERE id = $1", id).first.map(Product.init(row:))
    }

    func products(ids: [Int]) async throws -> [Int: Product] {
        let rows = try await pool.query("SELECT \(Product.columns) FROM products WHERE id = ANY($1::bigint[])", ids)
        let products = try rows.rows.map(Product.init(row:))
        return Dictionary(products.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func page(_ query: ProductQuery) async throws -> ProductPage {
        // NULL parameters switch a filter off; the pattern escapes LIKE's wildcards in the search text.
        let pattern = query.search.map { "%" + Self.escapeLike($0) + "%" }
        return try await pool.withConnection { session in
            let filter = "($1::text IS NULL OR category = $1) AND ($2::text IS NULL OR name ILIKE $2 OR description ILIKE $2)"
                + " AND ($3::bigint[] IS NULL OR id = ANY($3::bigint[]))"
            let total = try session.query("SELECT count(*) AS total FROM products WHERE \(filter)", query.category, pattern, query.ids)
                .first?.int("total") ?? 0
            let rows = try session.query(
                "SELECT \(Product.columns) FROM products WHERE \(filter) ORDER BY id LIMIT $4 OFFSET $5",
                query.category, pattern, query.ids, query.limit, query.offset)
            return ProductPage(products: try rows.rows.map(Product.init(row:)), total: total)
        }
    }

    func categories() async throws -> [Category] {
        try await pool.query("""
            SELECT c.slug, c.name, c.description, count(p.id) AS product_count
            FROM categories c LEFT JOIN products p ON p.category = c.slug
            GROUP BY c.slug ORDER BY c.name
            """).rows.map {
            Category(slug: try $0.string("slug"), name: try $0.string("name"),
                     description: try $0.string("description"), productCount: try $0.int("product_count"))
        }
    }

    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
