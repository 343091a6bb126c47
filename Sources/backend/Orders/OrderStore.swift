import ShopAPI
import Postgres

/// Orders in PostgreSQL: checkout as one transaction, reads by id and by idempotency key.
struct OrderStore: Sendable {
    let pool: PostgresPool

    /// The result of a checkout.
    enum Outcome: Sendable {
        case created(Order)
        /// The idempotency key was used before by the same session: its order, nothing new written.
        case replayed(Order)
    }

    /// Places an order for `cart` (product id → quantity) in one transaction: decrements stock
    /// (never below zero), writes the order and its items. Throws `CheckoutError` and writes
    /// nothing when a product lacks stock or the key belongs to another session.
    func checkout(session: String, idempotencyKey: String, request: CheckoutRequest, cart: [Int: Int]) async throws -> Outcome {
        if let existing = try await order(idempotencyKey: idempotencyKey) {
            return try replay(existing, session: session)
        }
        guard !cart.isEmpty else { throw CheckoutError.emptyCart }
        do {
            let id = try await pool.transaction { tx -> String in
                var total = 0
                var currency: String?
                // Rows are locked in id order, so concurrent checkouts cannot deadlock.
                for (productID, quantity) in cart.sorted(by: { $0.key < $1.key }) {
                    guard let row = try tx.query("""
                        UPDATE products SET stock = stock - $2, updated_at = now()
                        WHERE id = $1 AND stock >= $2 RETURNING price_cents, currency
                        """, productID, quantity).first
                    else {
                        let available = try tx.query("SELECT stock FROM products WHERE id = $1", productID).first
                        throw CheckoutError.insufficientStock(productID: productID, requested: quantity,
                                                              available: try available?.int("stock") ?? 0)
                    }
                    let rowCurrency = try row.string("currency")
                    if let currency, currency != rowCurrency { throw CheckoutError.mixedCurrencies }
                    currency = rowCurrency
                    total += try row.int("price_cents") * quantity
                }
                let address = request.shippingAddress
                let id = try tx.query("""
                    INSERT INTO orders (idempotency_key, session_id, email, ship_name, ship_line1, ship_line2, ship_city,
                                        ship_postal_code, ship_country, total_cents, currency)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id
                    """, idempotencyKey, session, request.email, address.name, address.line1, address.line2, address.city,
                    address.postalCode, address.country, total, currency ?? "USD").first!.string("id")
                let productIDs = cart.keys.sorted()
                try tx.query("""
                    INSERT INTO order_items (order_id, product_id, name, quantity, unit_price_cents)
                    SELECT $1, p.id, p.name, q.quantity, p.price_cents
                    FROM unnest($2::bigint[], $3::int[]) AS q(product_id, quantity) JOIN products p ON p.id = q.product_id
                    """, id, productIDs, productIDs.map { cart[$0]! })
                return id
            }
            guard let order = try await order(id: id) else { throw CheckoutError.vanished }
            return .created(order)
        } catch let error as PostgresError where error.isUniqueViolation {
            // The same key committed concurrently: answer with that order.
            guard let existing = try await order(idempotencyKey: idempotencyKey) else { throw error }
            return try replay(existing, session: session)
        }
    }

    func order(id: String) async throws -> Order? {
        try await load("SELECT \(Order.columns) FROM orders WHERE id = $1::uuid", id)?.order
    }

    private func order(idempotencyKey: String) async throws -> (order: Order, session: String)? {
        try await load("SELECT \(Order.columns) FROM orders WHERE idempotency_key = $1", idempotencyKey)
    }

    private func load(_ sql: String, _ parameter: String) async throws -> (order: Order, session: String)? {
        try await pool.withConnection { session in
            guard let row = try session.query(sql, parameter).first else { return nil }
            let items = try session.query("""
                SELECT product_id, name, quantity, unit_price_cents FROM order_items WHERE order_id = $1::uuid ORDER BY product_id
                """, try row.string("id")).rows.map { item in
                let quantity = try item.int("quantity")
                let price = try item.int("unit_price_cents")
                return Order.Item(productId: try item.int("product_id"), name: try item.string("name"), quantity: quantity,
                                  unitPriceCents: price, lineTotalCents: price * quantity)
            }
            return (try Order(row: row, items: items), try row.string("session_id"))
        }
    }

    private func replay(_ existing: (order: Order, session: String), session: String) throws -> Outcome {
        guard existing.session == session else { throw CheckoutError.idempotencyKeyReused }
        return .replayed(existing.order)
    }
}

/// Why a checkout wrote nothing.
enum CheckoutError: Error, Equatable {
    case insufficientStock(productID: Int, requested: Int, available: Int)
    case idempotencyKeyReused
    case emptyCart
    case mixedCurrencies
    /// The order committed but could not be read back (should not happen).
    case vanished
}
