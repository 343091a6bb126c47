import ShopAPI
import Redis

/// Carts in Redis: the hash `cart:{session}` maps product ids to quantities, and every change
/// renews its TTL.
struct CartStore: Sendable {
    /// Most units of one product in a cart.
    static let maxQuantity = 99
    /// Most different products in a cart.
    static let maxLines = 50

    let redis: RedisClient
    let ttlSeconds: Int

    /// Product id → quantity.
    func items(session: String) async throws -> [Int: Int] {
        let pairs = try await redis.command("HGETALL", key(session)).pairs
        var items: [Int: Int] = [:]
        for (field, value) in pairs {
            if let id = Int(field), let quantity = Int(value), quantity > 0 { items[id] = quantity }
        }
        return items
    }

    /// Adds `quantity` units; throws `CartError` when the line or the cart would grow too large.
    func add(session: String, productID: Int, quantity: Int) async throws {
        let key = key(session)
        let field = String(productID)
        let replies = try await redis.pipeline([["HEXISTS", key, field], ["HLEN", key]])
        if replies[0].integer == 0, (replies[1].integer ?? 0) >= Self.maxLines { throw CartError.tooManyLines }
        let total = try await redis.pipeline([
            ["HINCRBY", key, field, String(quantity)], ["EXPIRE", key, String(ttlSeconds)],
        ])[0].integer ?? 0
        if total > Self.maxQuantity {
            try await redis.pipeline([["HINCRBY", key, field, String(-quantity)]])
            throw CartError.quantityTooLarge(inCart: total - quantity)
        }
    }

    /// Sets the quantity of a product already in the cart; false when it is not in the cart.
    func update(session: String, productID: Int, quantity: Int) async throws -> Bool {
        let key = key(session)
        let field = String(productID)
        guard try await redis.command("HEXISTS", key, field).integer == 1 else { return false }
        try await redis.pipeline([["HSET", key, field, String(quantity)], ["EXPIRE", key, String(ttlSeconds)]])
        return true
    }

    /// Removes a product; false when it was not in the cart.
    func remove(session: String, productID: Int) async throws -> Bool {
        try await redis.command("HDEL", key(session), String(productID)).integer == 1
    }

    func clear(session: String) async throws {
        try await redis.command("DEL", key(session))
    }

    private func key(_ session: String) -> String { "cart:\(session)" }
}

/// Why a cart change was refused.
enum CartError: Error, Equatable {
    case tooManyLines
    case quantityTooLarge(inCart: Int)
}
