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
struct CatalogCache: Sendable {
    static let invalidationChannel = "catalog:invalidations"

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
        return try await body(key, metrics: productMetrics, read: ["GET", key],
                              write: { [["SET", key, $0, "EX", String(ttlSeconds)]] },
                              load: { try await load().map(JSONBody.encoded) })
    }

    /// The JSON body of a catalog page; free-text searches bypass the cache (unbounded variety).
    func page(_ query: ProductQuery, load: @escaping () async throws -> ProductPage) async throws -> ByteBuffer {
        guard let field = query.cacheField else { return ByteBuffer(bytes: try JSONBody.encoded(try await load())) }
        return try await body("catalog:pages|\(field)", metrics: pageMetrics, read: ["HGET", "catalog:pages", field],
                              // NX: the TTL is set when the hash is created and not pushed back by later pages.
                              write: { [["HSET", "catalog:pages", field, $0], ["EXPIRE", "catalog:pages", String(ttlSeconds), "NX"]] },
                              load: { try JSONBody.encoded(try await load()) })!
    }

    /// The JSON body of the category list.
    func categories(load: @escaping () async throws -> [Category]) async throws -> ByteBuffer {
        try await body("catalog:categories", metrics: categoryMetrics, read: ["GET", "catalog:categories"],
                       write: { [["SET", "catalog:categories", $0, "EX", String(ttlSeconds)]] },
                       load: { try JSONBody.encoded(CategoryList(categories: try await load())) })!
    }

    /// Forgets what mentions these products' stock, here and in every replica; a Redis failure is
    /// logged (the TTL bounds staleness, and replicas' local caches are off while Redis is down).
    func invalidate(productIDs: [Int]) async {
        let keys = productIDs.map { "product:\($0)" } + ["catalog:pages"]
        local.invalidate(keys: Self.localKeys(forRedisKeys: keys))
        do {
            try await redis.pipeline([["DEL"] + keys, ["PUBLISH", Self.invalidationChannel, keys.joined(separator: " ")]])
        } catch {
            logger.warning("cache invalidation failed; entries expire by TTL", error: error, metadata: ["products": "\(productIDs)"])
        }
    }

    /// The local keys covered by Redis keys named in an invalidation message.
    static func localKeys(forRedisKeys keys: [String]) -> [String] {
        keys.map { $0 == "catalog:pages" ? "catalog:pages|*" : $0 }
    }

    private func body(
        _ localKey: String, metrics: CacheMetrics, read: [String], write: (String) -> [[String]],
        load: () async throws -> [UInt8]?
    ) async throws -> ByteBuffer? {
        let (cached, generation) = local.lookup(localKey)
        if let cached {
            metrics.record(.hit)
            return cached
        }
        do {
            if let json = try await redis.pipeline([read])[0].string {
                metrics.record(.hit)
                let body = ByteBuffer(string: json)
                local.store(localKey, body, generation: generation)
                return body
            }
        } catch {
            metrics.record(.error)
            return try await load().map { ByteBuffer(bytes: $0) }
        }
        metrics.record(.miss)
        guard let bytes = try await load() else { return nil }
        let body = ByteBuffer(bytes: bytes)
        _ = try? await redis.pipeline(write(String(decoding: bytes, as: UTF8.self)))
        local.store(localKey, body, generation: generation)
        return body
    }
}
