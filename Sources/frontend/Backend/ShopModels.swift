/// The backend's JSON shapes, as far as the storefront reads them (decoded snake_case).
enum Shop {
    struct Product: Decodable, Sendable {
        let id: Int
        let name: String
        let description: String
        let priceCents: Int
        let currency: String
        let category: String
        let stock: Int
        let imagePath: String
    }

    struct ProductPage: Decodable, Sendable {
        let products: [Product]
        let total: Int
    }

    struct Category: Decodable, Sendable {
        let slug: String
        let name: String
        let description: String
        let productCount: Int
    }

    struct Categories: Decodable, Sendable {
        let categories: [Category]
    }

    struct Cart: Decodable, Sendable {
        struct Line: Decodable, Sendable {
            let productId: Int
            let name: String
            let imagePath: String
            let quantity: Int
            let unitPriceCents: Int
            let lineTotalCents: Int
            let stock: Int
        }
        let items: [Line]
        let itemCount: Int
        let totalCents: Int
        let currency: String
    }

    struct ShippingAddress: Codable, Sendable {
        let name: String
        let line1: String
        let line2: String?
        let city: String
        let postalCode: String
        let country: String
    }

    struct Order: Decodable, Sendable {
        struct Item: Decodable, Sendable {
            let productId: Int
            let name: String
            let quantity: Int
            let unitPriceCents: Int
            let lineTotalCents: Int
        }
        let id: String
        let status: String
        let email: String
        let shippingAddress: ShippingAddress
        let items: [Item]
        let totalCents: Int
        let currency: String
        let createdAt: String
    }

    struct CheckoutBody: Encodable, Sendable {
        let email: String
        let shippingAddress: ShippingAddress
    }

    /// The contract's error body.
    struct ErrorBody: Decodable, Sendable {
        struct Detail: Decodable, Sendable {
            let code: String
            let message: String
        }
        let error: Detail
    }
}
