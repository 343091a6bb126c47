import Logging
import Postgres
import Redis
import ServiceKit

/// The backend: the shop's JSON API on PostgreSQL (catalog, orders) and Redis (cache, carts).
let (service, settings) = ShopService.start(name: "backend", defaultPort: 8080, settings: BackendSettings.init)
let pool = PostgresPool(configuration: settings.postgres)
let redis = RedisClient(configuration: settings.redis)

await DatabaseStartup.migrate(pool, timeoutSeconds: settings.startupTimeoutSeconds, logger: service.logger)

let products = ProductStore(pool: pool)
let localCache = LocalResponseCache(ttl: .seconds(min(settings.productCacheTTLSeconds, 60)), logger: service.logger)
let cache = CatalogCache(redis: redis, local: localCache, ttlSeconds: settings.productCacheTTLSeconds, logger: service.logger)
RedisSubscriber(configuration: settings.redis, channel: CatalogCache.invalidationChannel, logger: service.logger,
                onMessage: { localCache.invalidate(keys: CatalogCache.localKeys(forRedisKeys: $0.split(separator: " ").map(String.init))) },
                onState: { localCache.setEnabled($0) }).start()
let carts = CartStore(redis: redis, ttlSeconds: settings.cartTTLSeconds)
let metrics = BusinessMetrics()

CatalogRoutes(store: products, cache: cache).register(on: service.router)
CartRoutes(carts: carts, products: products, metrics: metrics).register(on: service.router)
OrderRoutes(orders: OrderStore(pool: pool), carts: carts, cache: cache, metrics: metrics, logger: service.logger)
    .register(on: service.router)
OrderHistoryRoutes(pool: pool).register(on: service.router)
OpenAPIRoute.register(on: service.router)
// Last: it wraps only the requests that no route above matched.
service.router.add(middleware: try MethodNotAllowedMiddleware(document: OpenAPIDocument.json))

service.addReadinessCheck(ReadinessCheck(name: "postgres", isCritical: true) { await pool.ping() })
service.addReadinessCheck(ReadinessCheck(name: "redis", isCritical: false) { await redis.ping() })
service.onShutdown {
    await pool.shutdown()
    await redis.shutdown()
}
await service.run()
