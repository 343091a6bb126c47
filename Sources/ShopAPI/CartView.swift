/// A cart as the backend's API shows it: its lines with current prices, and the totals.
public struct CartView: Codable, Sendable, Equatable {
    public struct Line: Codable, Sendable, Equatable {
        public let productId: Int
        public let name: String
        public let imagePath: String
        public let quantity: Int
        public let unitPriceCents: Int
        public let lineTotalCents: Int
        /// Units in stock now; the checkout fails for lines above it.
        public let stock: Int

        public init(productId: Int, name: String, imagePath: String, quantity: Int, unitPriceCents: Int,
                    lineTotalCents: Int, stock: Int) {
            self.productId = productId
            self.name = name
            self.imagePath = imagePath
            self.quantity = quantity
            self.unitPriceCents = unitPriceCents
            self.lineTotalCents = lineTotalCents
            self.stock = stock
        }
    }

    public let items: [Line]
    public let itemCount: Int
    public let totalCents: Int
    public let currency: String

    public init(items: [Line], itemCount: Int, totalCents: Int, currency: String) {
        self.items = items
        self.itemCount = itemCount
        self.totalCents = totalCents
        self.currency = currency
    }
}
