import ServiceHTTPClient
import ServiceKit

/// The ml-service: recommendations from a co-purchase model learned from the backend's order history.
let (service, settings) = ShopService.start(name: "ml-service", defaultPort: 8000, settings: MLSettings.init)
let store = ModelStore()
let metrics = RecommenderMetrics(store: store)
let feed = TrainingFeed(backend: ServiceHTTPClient(peer: "backend", baseURL: settings.backendURL))

RecommendationRoutes(store: store, metrics: metrics).register(on: service.router)
service.addService(ModelTrainer(feed: feed, store: store, metrics: metrics, settings: settings, logger: service.logger))
// Without a model the service still answers (popularity needs data too, so: empty fallback);
// readiness reports it as degraded, not as down.
service.addReadinessCheck(ReadinessCheck(name: "model", isCritical: false) { store.current != nil })
await service.run()
