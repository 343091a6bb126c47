import ShopAPI
import HTTPTypes
import Hummingbird
import Logging
import ServiceKit

/// `POST /api/orders` (checkout of the session's cart, idempotent per `Idempotency-Key`) and
/// `GET /api/orders/{id}`.
struct OrderRoutes: Sendable {
    let orders: OrderStore
    let carts: CartStore
    let cache: CatalogCache
    let metrics: BusinessMetrics
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/orders") { request, _ in
            let session = try SessionID.from(request)
            let key = try RequestInput.header(request, "Idempotency-Key", description: "1 to 255 visible ASCII characters") {
                (1...255).contains($0.utf8.count) && $0.utf8.allSatisfy { (0x21...0x7E).contains($0) }
            }
            let checkout = try await JSONBody.decode(CheckoutRequest.self, from: request).validated()
            let cart = try await carts.items(session: session)
            do {
                switch try await orders.checkout(session: session, idempotencyKey: key, request: checkout, cart: cart) {
                case .replayed(let order):
                    return try JSONBody.response(order, status: .ok, headers: [HTTPField.Name("Idempotent-Replayed")!: "true"])
                case .created(let order):
                    metrics.recordOrder(totalCents: order.totalCents)
                    await cache.invalidate(productIDs: order.items.map(\.productId))
                    do {
                        try await carts.clear(session: session)
                    } catch {
                        logger.warning("order placed but the cart could not be emptied", error: error, metadata: ["order_id": "\(order.id)"])
                    }
                    return try JSONBody.response(order, status: .created)
                }
            } catch let error as CheckoutError {
                metrics.recordCheckoutFailure(error)
                throw error
            }
        }
        router.get("/api/orders/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard OrderID.isValid(id) else { throw APIError.badRequest("order id must be a UUID", code: "invalid_id") }
            guard let order = try await orders.order(id: id.lowercased()) else {
                throw APIError.notFound("order \(id) does not exist", code: "order_not_found")
            }
            return try JSONBody.response(order)
        }
    }
}

/// Order ids are UUIDs (`8-4-4-4-12` hex digits).
enum OrderID {
    static func isValid(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.utf8.count) == [8, 4, 4, 4, 12]
            && groups.allSatisfy { $0.utf8.allSatisfy { UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 || UInt8(ascii: "a")...UInt8(ascii: "f") ~= $0 || UInt8(ascii: "A")...UInt8(ascii: "F") ~= $0 } }
    }
}
