/// A cart as the API shows it: its lines with current prices, and the totals.
struct CartView: Codable, Sendable, Equatable {
    struct Line: Codable, Sendable, Equatable {
        let productId: Int
        let name: String
        let imagePath: String
        let quantity: Int
        let unitPriceCents: Int
        let lineTotalCents: Int
        /// Units in stock now; the checkout fails for lines above it.
        let stock: Int
    }

    let items: [Line]
    let itemCount: Int
    let totalCents: Int
    let currency: String

    /// Joins cart quantities with products; products that no longer exist are left out.
    init(items: [Int: Int], products: [Int: Product]) {
        let lines = items.keys.sorted().compactMap { id -> Line? in
            guard let product = products[id], let quantity = items[id] else { return nil }
            return Line(productId: id, name: product.name, imagePath: product.imagePath, quantity: quantity,
                        unitPriceCents: product.priceCents, lineTotalCents: product.priceCents * quantity, stock: product.stock)
        }
        self.items = lines
        self.itemCount = lines.reduce(0) { $0 + $1.quantity }
        self.totalCents = lines.reduce(0) { $0 + $1.lineTotalCents }
        self.currency = "USD"
    }
}
