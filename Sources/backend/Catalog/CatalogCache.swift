import FoundationEssentials
import Logging
import Redis
import ServiceKit
import Telemetry

/// Cache-aside for catalog reads in Redis: products by id (`product:{id}`), catalog pages
/// (fields of the hash `catalog:pages`) and the category list (`catalog:categories`), each with a TTL.
///
/// Redis failing never fails a read: the loader (PostgreSQL) answers, and the lookup is counted
/// as `error` in `cache_requests_total`. Stock changes call `invalidate(productIDs:)`.
struct CatalogCache: Sendable {
    let redis: RedisClient
    let ttlSeconds: Int
    let logger: Logger
    private let productMetrics = CacheMetrics(name: "product")
    private let pageMetrics = CacheMetrics(name: "catalog_page")
    private let categoryMetrics = CacheMetrics(name: "categories")

    init(redis: RedisClient, ttlSeconds: Int, logger: Logger) {
        self.redis = redis
        self.ttlSeconds = ttlSeconds
        self.logger = logger
    }

    func product(id: Int, load: () async throws -> Product?) async throws -> Product? {
        let key = "product:\(id)"
        return try await cached(Product.self, metrics: productMetrics, read: ["GET", key], load: load) { json in
            [["SET", key, json, "EX", String(ttlSeconds)]]
        }
    }

    func page(_ query: ProductQuery, load: () async throws -> ProductPage) async throws -> ProductPage {
        guard let field = query.cacheField else { return try await load() }
        return try await cached(ProductPage.self, metrics: pageMetrics, read: ["HGET", "catalog:pages", field], load: load) { json in
            // NX: the TTL is set when the hash is created and not pushed back by later pages.
            [["HSET", "catalog:pages", field, json], ["EXPIRE", "catalog:pages", String(ttlSeconds), "NX"]]
        }!
    }

    func categories(load: () async throws -> [Category]) async throws -> [Category] {
        try await cached([Category].self, metrics: categoryMetrics, read: ["GET", "catalog:categories"], load: load) { json in
            [["SET", "catalog:categories", json, "EX", String(ttlSeconds)]]
        }!
    }

    /// Drops what mentions these products' stock; a failure is logged (the TTL bounds staleness).
    func invalidate(productIDs: [Int]) async {
        let keys = productIDs.map { "product:\($0)" } + ["catalog:pages"]
        do {
            try await redis.pipeline([["DEL"] + keys])
        } catch {
            logger.warning("cache invalidation failed; entries expire by TTL", error: error, metadata: ["products": "\(productIDs)"])
        }
    }

    private func cached<Value: Codable & Sendable>(
        _ type: Value.Type, metrics: CacheMetrics, read: [String], load: () async throws -> Value?,
        write: (String) -> [[String]]
    ) async throws -> Value? {
        do {
            if let json = try await redis.pipeline([read])[0].string,
               let value = try? JSONBody.decoder.decode(Value.self, from: Data(json.utf8)) {
                metrics.record(.hit)
                return value
            }
        } catch {
            metrics.record(.error)
            return try await load()
        }
        metrics.record(.miss)
        let value = try await load()
        if let value, let data = try? JSONBody.encoder.encode(value) {
            _ = try? await redis.pipeline(write(String(decoding: data, as: UTF8.self)))
        }
        return value
    }
}
