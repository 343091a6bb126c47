/// An order as the backend's API shows it (`POST /api/orders`, `GET /api/orders/{id}`).
public struct Order: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        public let productId: Int
        public let name: String
        public let quantity: Int
        public let unitPriceCents: Int
        public let lineTotalCents: Int

        public init(productId: Int, name: String, quantity: Int, unitPriceCents: Int, lineTotalCents: Int) {
            self.productId = productId
            self.name = name
            self.quantity = quantity
            self.unitPriceCents = unitPriceCents
            self.lineTotalCents = lineTotalCents
        }
    }

    public let id: String
    public let status: String
    public let email: String
    public let shippingAddress: ShippingAddress
    public let items: [Item]
    public let totalCents: Int
    public let currency: String
    /// RFC 3339, UTC.
    public let createdAt: String

    public init(id: String, status: String, email: String, shippingAddress: ShippingAddress, items: [Item],
                totalCents: Int, currency: String, createdAt: String) {
        self.id = id
        self.status = status
        self.email = email
        self.shippingAddress = shippingAddress
        self.items = items
        self.totalCents = totalCents
        self.currency = currency
        self.createdAt = createdAt
    }
}

/// The body of `POST /api/orders`.
public struct CheckoutRequest: Codable, Sendable {
    public let email: String
    public let shippingAddress: ShippingAddress

    public init(email: String, shippingAddress: ShippingAddress) {
        self.email = email
        self.shippingAddress = shippingAddress
    }
}

/// Where an order goes.
public struct ShippingAddress: Codable, Sendable, Equatable {
    public let name: String
    public let line1: String
    public let line2: String?
    public let city: String
    public let postalCode: String
    /// ISO 3166-1 alpha-2, e.g. `DE`.
    public let country: String

    public init(name: String, line1: String, line2: String?, city: String, postalCode: String, country: String) {
        self.name = name
        self.line1 = line1
        self.line2 = line2
        self.city = city
        self.postalCode = postalCode
        self.country = country
    }
}
