import Postgres

import ShopAPI

extension Product {
    /// The columns `init(row:)` reads, for SELECT lists.
    static let columns = "id, sku, name, description, price_cents, currency, category, stock, image_path"

    init(row: PostgresRow) throws {
        self.init(id: try row.int("id"), sku: try row.string("sku"), name: try row.string("name"),
                  description: try row.string("description"), priceCents: try row.int("price_cents"),
                  currency: try row.string("currency"), category: try row.string("category"), stock: try row.int("stock"),
                  imagePath: try row.string("image_path"))
    }
}

/// What `GET /api/products` asks for.
struct ProductQuery: Sendable, Hashable {
    var category: String?
    var search: String?
    /// Only these products (distinct ids); nil for no such filter.
    var ids: [Int]? = nil
    var limit: Int
    var offset: Int

    /// A stable cache field for queries worth caching as a whole page (no free-text search and no id
    /// list: unbounded variety; an id list alone is served from the products' own cache entries).
    var cacheField: String? {
        search == nil && ids == nil ? "\(category ?? "*")|\(limit)|\(offset)" : nil
    }
}
