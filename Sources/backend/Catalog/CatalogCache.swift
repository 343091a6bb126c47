import ShopAPI
import Logging
import NIOCore
import Redis
import ServiceKit
import Telemetry

/// Cache-aside for catalog reads, holding encoded JSON bodies: first in process memory
/// (`LocalResponseCache`), then in Redis with a TTL: products by id (`product:{id}`), catalog
/// pages (fields of the hash `catalog:pages`) and the category list (`catalog:categories`).
///
/// Redis failing never fails a read: the loader (PostgreSQL) answers, and the lookup is counted
/// as `error` in `cache_requests_total`. Stock changes call `invalidate(productIDs:)`, which
/// deletes the Redis keys and publishes them on `catalog:invalidations` for every replica's
/// local cache.
///
/// A value loaded before an invalidation is never written to Redis after it, whichever replica
/// loaded it: every key has a generation (a field of the hash `catalog:generations`, no TTL) that
/// an invalidation increments before it deletes the key; a miss reads the generation with the key,
/// and the write is a Lua compare-and-set that stores the value only if the generation is unchanged.
struct CatalogCache: Sendable {
    static let invalidationChannel = CatalogInvalidations.channel
    static let generationsKey = "catalog:generations"

    let redis: RedisClient
    let local: LocalResponseCache
    let ttlSeconds: Int
    let logger: Logger
    private let productMetrics = CacheMetrics(name: "product")
    private let pageMetrics = CacheMetrics(name: "catalog_page")
    private let categoryMetrics = CacheMetrics(name: "categories")

    init(redis: RedisClient, local: LocalResponseCache, ttlSeconds: Int, logger: Logger) {
        self.redis = redis
        self.local = local
        self.ttlSeconds = ttlSeconds
        self.logger = logger
    }

    /// The JSON body of product `id`, nil when it does not exist.
    func product(id: Int, load: @escaping () async throws -> Product?) async throws -> ByteBuffer? {
        let key = "product:\(id)"
        return try await body(key, metrics: productMetrics, read: ["GET", key], generation: key, write: .value(key),
                              load: { try await load().map(JSONBody.encoded) })
    }

    /// The JSON bodies of the products among `ids` (distinct) that exist, by id: each read as
    /// `product(id:load:)` reads it, but with one Redis round trip for all the ids process memory does
    /// not hold, one `load` for all those Redis does not hold, and one round trip to store them.
    func products(ids: [Int], load: @escaping ([Int]) async throws -> [Int: Product]) async throws -> [Int: ByteBuffer] {
        let localGeneration = local.generation
        var found: [Int: ByteBuffer] = [:]
        var missing: [Int] = []
        for id in ids {
            if let cached = local.lookup("product:\(id)").body {
                productMetrics.record(.hit)
                found[id] = cached
            } else {
                missing.append(id)
            }
        }
        guard !missing.isEmpty else { return found }
        let replies: [RedisReply]
        do {
            replies = try await redis.pipeline(missing.flatMap { [["GET", "product:\($0)"], ["HGET", Self.generationsKey, "product:\($0)"]] })
        } catch {
            for _ in missing { productMetrics.record(.error) }
            for (id, product) in try await load(missing) { found[id] = ByteBuffer(bytes: try JSONBody.encoded(product)) }
            return found
        }
        var unloaded: [(id: Int, redisGeneration: String)] = []
        for (index, id) in missing.enumerated() {
            if let json = replies[2 * index].string {
                productMetrics.record(.hit)
                let body = ByteBuffer(string: json)
                local.store("product:\(id)", body, generation: localGeneration)
                found[id] = body
            } else {
                productMetrics.record(.miss)
                unloaded.append((id, replies[2 * index + 1].string ?? ""))
            }
        }
        guard !unloaded.isEmpty else { return found }
        let loaded = try await load(unloaded.map(\.id))
        var stored: [(key: String, body: ByteBuffer)] = []
        var commands: [[String]] = []
        for (id, redisGeneration) in unloaded {
            guard let product = loaded[id] else { continue }
            let bytes = try JSONBody.encoded(product)
            let key = "product:\(id)"
            commands.append(storeCommand(.value(key), generation: key, readGeneration: redisGeneration,
                                         json: String(decoding: bytes, as: UTF8.self)))
            let body = ByteBuffer(bytes: bytes)
            stored.append((key, body))
            found[id] = body
        }
        if !commands.isEmpty { _ = try? await redis.pipeline(commands) }
        for (key, body) in stored { local.store(key, body, generation: localGeneration) }
        return found
    }

    /// The JSON body of a catalog page; free-text searches bypass the cache (unbounded variety).
    func page(_ query: ProductQuery, load: @escaping () async throws -> ProductPage) async throws -> ByteBuffer {
        guard let field = query.cacheField else { return ByteBuffer(bytes: try JSONBody.encoded(try await load())) }
        return try await body("catalog:pages|\(field)", metrics: pageMetrics, read: ["HGET", "catalog:pages", field],
                              generation: "catalog:pages", write: .hashField("catalog:pages", field),
                              load: { try JSONBody.encoded(try await load()) })!
    }

    /// The JSON body of the category list.
    func categories(load: @escaping () async throws -> [Category]) async throws -> ByteBuffer {
        try await body("catalog:categories", metrics: categoryMetrics, read: ["GET", "catalog:categories"],
                       generation: "catalog:categories", write: .value("catalog:categories"),
                       load: { try JSONBody.encoded(CategoryList(categories: try await load())) })!
    }

    /// Forgets what mentions these products' stock, here and in every replica; a Redis failure is
    /// logged (the TTL bounds staleness, and replicas' local caches are off while Redis is down).
    func invalidate(productIDs: [Int]) async {
        let keys = productIDs.map { "product:\($0)" } + ["catalog:pages"]
        local.invalidate(keys: Self.localKeys(forRedisKeys: keys))
        do {
            // In this order on one connection: a compare-and-set after the increments fails, and a
            // value it stored before them is deleted.
            try await redis.pipeline(keys.map { ["HINCRBY", Self.generationsKey, $0, "1"] }
                + [["DEL"] + keys, ["PUBLISH", Self.invalidationChannel, keys.joined(separator: " ")]])
        } catch {
            logger.warning("cache invalidation failed; entries expire by TTL", error: error, metadata: ["products": "\(productIDs)"])
        }
    }

    /// The local keys covered by Redis keys named in an invalidation message.
    static func localKeys(forRedisKeys keys: [String]) -> [String] {
        keys.map { $0 == "catalog:pages" ? "catalog:pages|*" : $0 }
    }

    /// Where a loaded body goes in Redis.
    private enum Slot {
        /// A string key with the TTL.
        case value(String)
        /// A field of a hash whose TTL is set when the hash is created and not pushed back by later fields.
        case hashField(String, String)
    }

    private func body(
        _ localKey: String, metrics: CacheMetrics, read: [String], generation: String, write slot: Slot,
        load: () async throws -> [UInt8]?
    ) async throws -> ByteBuffer? {
        let (cached, localGeneration) = local.lookup(localKey)
        if let cached {
            metrics.record(.hit)
            return cached
        }
        let redisGeneration: String
        do {
            let replies = try await redis.pipeline([read, ["HGET", Self.generationsKey, generation]])
            if let json = replies[0].string {
                metrics.record(.hit)
                let body = ByteBuffer(string: json)
                local.store(localKey, body, generation: localGeneration)
                return body
            }
            redisGeneration = replies[1].string ?? ""
        } catch {
            metrics.record(.error)
            return try await load().map { ByteBuffer(bytes: $0) }
        }
        metrics.record(.miss)
        guard let bytes = try await load() else { return nil }
        let body = ByteBuffer(bytes: bytes)
        let command = storeCommand(slot, generation: generation, readGeneration: redisGeneration,
                                   json: String(decoding: bytes, as: UTF8.self))
        _ = try? await redis.pipeline([command])
        local.store(localKey, body, generation: localGeneration)
        return body
    }

    /// The compare-and-set that stores `json` in `slot` unless the generation field `generation` is
    /// no longer `readGeneration`, the value it had before the load.
    private func storeCommand(_ slot: Slot, generation: String, readGeneration: String, json: String) -> [String] {
        switch slot {
        case .value(let key):
            ["EVAL", Self.storeScript, "2", Self.generationsKey, key, generation, readGeneration, json, String(ttlSeconds)]
        case .hashField(let key, let field):
            ["EVAL", Self.storeScript, "2", Self.generationsKey, key, generation, readGeneration, json, String(ttlSeconds), field]
        }
    }

    /// KEYS the generations hash and the value's key; ARGV the generation field, the generation read
    /// before loading ("" for none), the body, the TTL and, for a hash, the field. Stores the body only
    /// if no invalidation happened since; answers 1 when stored, 0 when not.
    static let storeScript = """
        if (redis.call('HGET', KEYS[1], ARGV[1]) or '') ~= ARGV[2] then return 0 end
        if ARGV[5] then
            redis.call('HSET', KEYS[2], ARGV[5], ARGV[3])
            redis.call('EXPIRE', KEYS[2], ARGV[4], 'NX')
        else
            redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
        end
        return 1
        """
}
