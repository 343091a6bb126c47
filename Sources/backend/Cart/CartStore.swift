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
    /// One Lua script checks both caps and writes, so concurrent additions cannot overshoot them.
    func add(session: String, productID: Int, quantity: Int) async throws {
        let reply = try await redis.command(
            "EVAL", Self.addScript, "1", key(session),
            String(productID), String(quantity), String(Self.maxQuantity), String(Self.maxLines), String(ttlSeconds))
        guard case .array(let parts) = reply, parts.count == 2, let outcome = parts[0].string else {
            throw RedisError.commandFailed("unexpected reply from the cart script: \(reply)")
        }
        switch outcome {
        case "full": throw CartError.tooManyLines
        case "too_large": throw CartError.quantityTooLarge(inCart: parts[1].integer ?? 0)
        default: return
        }
    }

    /// Sets the quantity of a product already in the cart; false when it is not in the cart.
    func update(session: String, productID: Int, quantity: Int) async throws -> Bool {
        try await redis.command("EVAL", Self.updateScript, "1", key(session),
                                String(productID), String(quantity), String(ttlSeconds)).integer == 1
    }

    /// Removes a product; false when it was not in the cart.
    func remove(session: String, productID: Int) async throws -> Bool {
        try await redis.command("HDEL", key(session), String(productID)).integer == 1
    }

    func clear(session: String) async throws {
        try await redis.command("DEL", key(session))
    }

    private func key(_ session: String) -> String { "cart:\(session)" }

    /// KEYS[1] the cart; ARGV product id, units to add, most units per line, most lines, TTL.
    /// Answers {"ok", new quantity}, {"full", 0} or {"too_large", quantity already in the cart}.
    static let addScript = """
        local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
        if current == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return {'full', 0} end
        local total = current + tonumber(ARGV[2])
        if total > tonumber(ARGV[3]) then return {'too_large', current} end
        redis.call('HSET', KEYS[1], ARGV[1], total)
        redis.call('EXPIRE', KEYS[1], ARGV[5])
        return {'ok', total}
        """

    /// KEYS[1] the cart; ARGV product id, quantity, TTL. Answers 1, or 0 when the line is not there
    /// (checked and written together, so a line removed meanwhile is not brought back).
    static let updateScript = """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        return 1
        """
}

/// Why a cart change was refused.
enum CartError: Error, Equatable {
    case tooManyLines
    case quantityTooLarge(inCart: Int)
}
