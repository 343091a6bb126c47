import ShopAPI
import Prometheus
import Telemetry

/// The backend's business metrics: `shopmicro_orders_total`, `shopmicro_order_value_usd`
/// (histogram; its `_sum` is revenue), `shopmicro_cart_additions_total` (units) and
/// `shopmicro_checkout_failures_total{reason}`.
struct BusinessMetrics: Sendable {
    let orders: Prometheus.Counter
    let orderValue: ValueHistogram
    let cartAdditions: Prometheus.Counter
    private let failures: [String: Prometheus.Counter]

    static let failureReasons = ["insufficient_stock", "idempotency_key_reused", "cart_empty", "other"]

    init(registry: MetricsRegistry = .shared) {
        orders = registry.counter("shopmicro_orders_total", help: "Orders placed.")
        orderValue = registry.valueHistogram("shopmicro_order_value_usd", help: "Value of placed orders in US dollars.",
                                             buckets: [5, 10, 25, 50, 100, 250, 500, 1000, 2500])
        cartAdditions = registry.counter("shopmicro_cart_additions_total", help: "Units added to carts.")
        var failures: [String: Prometheus.Counter] = [:]
        for reason in Self.failureReasons {
            failures[reason] = registry.counter("shopmicro_checkout_failures_total", help: "Checkouts refused, by reason.",
                                                labels: [("reason", reason)])
        }
        self.failures = failures
    }

    func recordOrder(totalCents: Int) {
        orders.increment()
        orderValue.record(Double(totalCents) / 100)
    }

    func recordCheckoutFailure(_ error: CheckoutError) {
        let reason = switch error {
        case .insufficientStock: "insufficient_stock"
        case .idempotencyKeyReused: "idempotency_key_reused"
        case .emptyCart: "cart_empty"
        case .mixedCurrencies, .vanished: "other"
        }
        failures[reason]!.increment()
    }
}
