#if canImport(Glibc)
import Glibc
#endif
import Redis
import ServiceHTTPClient
import ServiceKit
import ShopAPI

/// The storefront: server-rendered pages over the backend's API and the ml-service's recommendations.
let (service, settings) = ShopService.start(name: "frontend", defaultPort: 3000, settings: FrontendSettings.init)
let renderer: PageRenderer
do {
    renderer = try PageRenderer(secureCookies: settings.secureCookies)
} catch {
    service.logger.critical("templates do not parse", metadata: ["error": "\(error)"])
    exit(1)
}
let backend = ShopBackend(http: ServiceHTTPClient(peer: "backend", baseURL: settings.backendURL))
let recommendations = RecommendationsClient(http: ServiceHTTPClient(peer: "ml-service", baseURL: settings.mlURL),
                                            timeout: settings.recommendationsTimeout)

let pageCache = PageCache(ttl: settings.pageCacheTTL, logger: service.logger)
if let redis = settings.redis {
    RedisSubscriber(configuration: redis, channel: CatalogInvalidations.channel, logger: service.logger,
                    onMessage: { pageCache.invalidate(message: $0) }, onState: { pageCache.setEnabled($0) }).start()
}

service.router.add(middleware: HTMLErrorMiddleware(renderer: renderer))
HomePage(backend: backend, renderer: renderer, cache: pageCache).register(on: service.router)
ProductPage(backend: backend, recommendations: recommendations, renderer: renderer, cache: pageCache).register(on: service.router)
CartPages(backend: backend, renderer: renderer).register(on: service.router)
CheckoutPage(backend: backend, renderer: renderer, cache: pageCache).register(on: service.router)
OrderPage(backend: backend, renderer: renderer).register(on: service.router)
StaticRoutes().register(on: service.router)

service.addReadinessCheck(ReadinessCheck(name: "backend", isCritical: true) {
    (try? await backend.categories()) != nil
})
await service.run()
