/// A product as the backend's API shows it (`GET /api/products/{id}`).
public struct Product: Codable, Sendable, Equatable {
    public let id: Int
    public let sku: String
    public let name: String
    public let description: String
    public let priceCents: Int
    public let currency: String
    public let category: String
    public let stock: Int
    public let imagePath: String

    public init(id: Int, sku: String, name: String, description: String, priceCents: Int, currency: String,
                category: String, stock: Int, imagePath: String) {
        self.id = id
        self.sku = sku
        self.name = name
        self.description = description
        self.priceCents = priceCents
        self.currency = currency
        self.category = category
        self.stock = stock
        self.imagePath = imagePath
    }
}

/// A category with how many products it holds.
public struct Category: Codable, Sendable, Equatable {
    public let slug: String
    public let name: String
    public let description: String
    public let productCount: Int

    public init(slug: String, name: String, description: String, productCount: Int) {
        self.slug = slug
        self.name = name
        self.description = description
        self.productCount = productCount
    }
}

/// The body of `GET /api/categories`.
public struct CategoryList: Codable, Sendable {
    public let categories: [Category]

    public init(categories: [Category]) {
        self.categories = categories
    }
}

/// A page of products and how many match in all (`GET /api/products`).
public struct ProductPage: Codable, Sendable, Equatable {
    /// The most ids one `GET /api/products?ids=…` may name (repeats count).
    public static let maxIDs = 50

    public let products: [Product]
    public let total: Int

    public init(products: [Product], total: Int) {
        self.products = products
        self.total = total
    }
}
