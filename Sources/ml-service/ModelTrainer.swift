import Dispatch
import Logging
import NIOPosix
import Recommender
import ServiceLifecycle
import Tracing

/// Trains at start and then every `retrainInterval`: reads the new orders and the catalog from the
/// backend, fits a new model off the request threads and swaps it in. A failed training keeps the
/// old model (or the empty fallback), is logged and counted, and is retried after 1 s, 2 s, 4 s …
/// up to `retryMaxInterval`, so a backend that is down at start is picked up when it comes back.
struct ModelTrainer: Service {
    let feed: TrainingFeed
    let store: ModelStore
    let metrics: RecommenderMetrics
    let settings: MLSettings
    let logger: Logger

    /// Trains until graceful shutdown, which also cancels a training in progress.
    func run() async throws {
        await cancelWhenGracefulShutdown { await trainUntilCancelled() }
    }

    private func trainUntilCancelled() async {
        var history = OrderHistory(capacity: settings.maxOrders)
        var categories: [Int: String] = [:]
        var failures = 0
        while !Task.isCancelled {
            do {
                try await trainOnce(history: &history, categories: &categories)
                failures = 0
            } catch {
                if Task.isCancelled { return }
                failures += 1
                metrics.trainingFailures.increment()
                logger.warning("training failed, keeping the current model", metadata: [
                    "error": "\(error)", "consecutive_failures": "\(failures)",
                ])
            }
            try? await Task.sleep(for: failures == 0 ? settings.retrainInterval : retryDelay(afterFailures: failures))
        }
    }

    /// One training: its own trace, so the backend calls it makes share one trace id.
    func trainOnce(history: inout OrderHistory, categories: inout [Int: String]) async throws {
        let start = DispatchTime.now().uptimeNanoseconds
        try await withSpan("train model", ofKind: .internal) { span in
            let (newOrders, lastSequence) = try await feed.orders(after: history.lastSequence)
            let ordersRead = DispatchTime.now().uptimeNanoseconds
            let catalog = try await feed.categories()
            guard store.current == nil || !newOrders.isEmpty || catalog != categories else {
                store.confirmFresh()
                logger.debug("no new orders; the model is up to date")
                return
            }
            history.append(newOrders, through: lastSequence)
            categories = catalog
            let fitStart = DispatchTime.now().uptimeNanoseconds
            let model = try await fit(history: history, categories: catalog)
            store.install(model)
            metrics.recordModel(model)
            span.attributes["shopmicro.model.orders"] = model.orderCount
            logger.info("model trained", metadata: [
                "model_version": "\(model.version)", "orders": "\(model.orderCount)", "new_orders": "\(newOrders.count)",
                "products_covered": "\(model.engine.model.coveredProducts)", "items": "\(model.engine.model.itemCount)",
                "fetch_ms": "\((fitStart - start) / 1_000_000)", "orders_read_ms": "\((ordersRead - start) / 1_000_000)",
                "fit_ms": "\((DispatchTime.now().uptimeNanoseconds - fitStart) / 1_000_000)",
            ])
        }
        metrics.trainingDuration.record(.nanoseconds(DispatchTime.now().uptimeNanoseconds - start))
    }

    /// Fits on NIO's blocking-work pool: a large history takes seconds of CPU that must not hold a
    /// thread of Swift's cooperative pool, which serves the requests.
    private func fit(history: OrderHistory, categories: [Int: String]) async throws -> TrainedModel {
        let settings = settings
        return try await NIOThreadPool.singleton.runIfActive {
            TrainedModel(
                engine: RecommendationEngine(orders: history.orders, categories: categories,
                                             minimumSupport: settings.minimumSupport, neighbourCount: settings.neighbourCount),
                version: "o\(history.lastSequence)-p\(categories.count)",
                orderCount: history.orders.count)
        }
    }

    private func retryDelay(afterFailures failures: Int) -> Duration {
        min(.seconds(1 << min(failures - 1, 16)), settings.retryMaxInterval)
    }
}
