import ShopAPI
import Hummingbird
import ServiceKit

/// `GET /api/cart`, `POST /api/cart/items`, `PUT` and `DELETE /api/cart/items/{product_id}`;
/// the `X-Session-ID` header names the cart. Every change answers with the whole cart.
struct CartRoutes: Sendable {
    let carts: CartStore
    let products: ProductStore
    let metrics: BusinessMetrics

    /// What `POST /api/cart/items` takes.
    struct AddItem: Codable {
        let productId: Int
        let quantity: Int
    }

    /// What `PUT /api/cart/items/{product_id}` takes.
    struct UpdateItem: Codable {
        let quantity: Int
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/cart") { request, _ in
            try await view(session: try SessionID.from(request))
        }
        router.post("/api/cart/items") { request, _ in
            let session = try SessionID.from(request)
            let item = try await JSONBody.decode(AddItem.self, from: request)
            try Self.validate(quantity: item.quantity)
            guard item.productId > 0 else {
                throw APIError.badRequest("field \"product_id\" must be a positive integer", code: "invalid_id")
            }
            guard try await products.product(id: item.productId) != nil else {
                throw APIError.notFound("product \(item.productId) does not exist", code: "product_not_found")
            }
            do {
                try await carts.add(session: session, productID: item.productId, quantity: item.quantity)
            } catch CartError.tooManyLines {
                throw APIError.conflict("a cart holds at most \(CartStore.maxLines) different products", code: "cart_full")
            } catch CartError.quantityTooLarge(let inCart) {
                throw APIError.conflict("at most \(CartStore.maxQuantity) units of a product; \(inCart) already in the cart",
                                        code: "quantity_too_large")
            }
            metrics.cartAdditions.increment(by: Double(item.quantity))
            return try await view(session: session, status: .created)
        }
        router.put("/api/cart/items/:product_id") { request, context in
            let session = try SessionID.from(request)
            let productID = try RequestInput.positiveID(context, "product_id", label: "product id")
            let update = try await JSONBody.decode(UpdateItem.self, from: request)
            try Self.validate(quantity: update.quantity)
            guard try await carts.update(session: session, productID: productID, quantity: update.quantity) else {
                throw APIError.notFound("product \(productID) is not in the cart", code: "not_in_cart")
            }
            return try await view(session: session)
        }
        router.delete("/api/cart/items/:product_id") { request, context in
            let session = try SessionID.from(request)
            let productID = try RequestInput.positiveID(context, "product_id", label: "product id")
            guard try await carts.remove(session: session, productID: productID) else {
                throw APIError.notFound("product \(productID) is not in the cart", code: "not_in_cart")
            }
            return try await view(session: session)
        }
    }

    private func view(session: String, status: HTTPResponse.Status = .ok) async throws -> Response {
        let items = try await carts.items(session: session)
        let known = items.isEmpty ? [:] : try await products.products(ids: Array(items.keys))
        return try JSONBody.response(CartView(items: items, products: known), status: status)
    }

    static func validate(quantity: Int) throws {
        guard (1...CartStore.maxQuantity).contains(quantity) else {
            throw APIError.badRequest("quantity must be an integer in 1...\(CartStore.maxQuantity)", code: "invalid_quantity")
        }
    }
}

/// The shopper's session, from the `X-Session-ID` header: 8 to 128 letters, digits, `-` or `_`.
enum SessionID {
    static func from(_ request: Request) throws -> String {
        try RequestInput.header(request, "X-Session-ID", description: "8 to 128 letters, digits, '-' or '_'") { value in
            (8...128).contains(value.utf8.count)
                && value.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        }
    }
}

extension UInt8 {
    var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
