import Postgres

/// A product as the API shows it.
struct Product: Codable, Sendable, Equatable {
    let id: Int
    let sku: String
    let name: String
    let description: String
    let priceCents: Int
    let currency: String
    let category: String
    let stock: Int
    let imagePath: String

    /// The columns `init(row:)` reads, for SELECT lists.
    static let columns = "id, sku, name, description, price_cents, currency, category, stock, image_path"

    init(row: PostgresRow) throws {
        id = try row.int("id")
        sku = try row.string("sku")
        name = try row.string("name")
        description = try row.string("description")
        priceCents = try row.int("price_cents")
        currency = try row.string("currency")
        category = try row.string("category")
        stock = try row.int("stock")
        imagePath = try row.string("image_path")
    }
}

/// A category with how many products it holds.
struct Category: Codable, Sendable, Equatable {
    let slug: String
    let name: String
    let description: String
    let productCount: Int
}

/// A page of products and how many match in all.
struct ProductPage: Codable, Sendable, Equatable {
    let products: [Product]
    let total: Int
}

/// What `GET /api/products` asks for.
struct ProductQuery: Sendable, Hashable {
    var category: String?
    var search: String?
    var limit: Int
    var offset: Int

    /// A stable cache field for queries worth caching (no free-text search: unbounded variety).
    var cacheField: String? {
        search == nil ? "\(category ?? "*")|\(limit)|\(offset)" : nil
    }
}
