import Prometheus
import Recommender
import Telemetry

/// The ml-service's own metrics: `shopmicro_recommendations_total{strategy}` (answers served),
/// `shopmicro_model_age_seconds`, `shopmicro_model_training_duration_seconds`,
/// `shopmicro_model_training_failures_total`, `shopmicro_model_products_covered`,
/// `shopmicro_model_items` and `shopmicro_model_orders`.
struct RecommenderMetrics: Sendable {
    private let served: [RecommendationEngine.Strategy: Prometheus.Counter]
    let trainingDuration: DurationHistogram
    let trainingFailures: Prometheus.Counter
    private let productsCovered: Prometheus.Gauge
    private let items: Prometheus.Gauge
    private let orders: Prometheus.Gauge

    init(store: ModelStore, registry: MetricsRegistry = .shared) {
        var served: [RecommendationEngine.Strategy: Prometheus.Counter] = [:]
        for strategy in RecommendationEngine.Strategy.allCases {
            served[strategy] = registry.counter("shopmicro_recommendations_total", help: "Recommendation answers served, by strategy.",
                                                labels: [("strategy", strategy.rawValue)])
        }
        self.served = served
        registry.computedGauge("shopmicro_model_age_seconds",
                               help: "Seconds since the model last reflected the backend's order history (since start before the first training).") {
            store.ageSeconds
        }
        trainingDuration = registry.durationHistogram("shopmicro_model_training_duration_seconds",
                                                      help: "Duration of successful trainings: fetching the history and fitting the model.")
        trainingFailures = registry.counter("shopmicro_model_training_failures_total",
                                            help: "Trainings that failed; the previous model stays in use.")
        productsCovered = registry.gauge("shopmicro_model_products_covered", help: "Products with at least one co-purchase neighbour.")
        items = registry.gauge("shopmicro_model_items", help: "Neighbour entries held by the model.")
        orders = registry.gauge("shopmicro_model_orders", help: "Orders the model learned from.")
    }

    func recordServed(_ strategy: RecommendationEngine.Strategy) {
        served[strategy]!.increment()
    }

    func recordModel(_ model: TrainedModel) {
        productsCovered.set(Double(model.engine.model.coveredProducts))
        items.set(Double(model.engine.model.itemCount))
        orders.set(Double(model.orderCount))
    }
}
