import Prometheus

/// The HTTP server metrics of the telemetry contract, with handles cached per label set.
///
/// `http_server_request_duration_seconds{http_request_method,http_route,http_response_status_code}`
/// and `http_server_active_requests{http_request_method}`. Routes are templates, never raw paths.
public final class HTTPServerMetrics: Sendable {
    /// The `http_route` value every request that matched no route shares.
    public static let unmatchedRoute = "unmatched"

    private struct SeriesKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private let registry: MetricsRegistry
    private let durations = HandleCache<SeriesKey, ExemplarHistogram>()
    private let syntheticDurations = HandleCache<SeriesKey, ExemplarHistogram>()
    private let activeRequests = HandleCache<String, Gauge>()

    public init(registry: MetricsRegistry = .shared) {
        self.registry = registry
    }

    /// The in-flight gauge for a method label value.
    public func activeRequestsGauge(method: String) -> Gauge {
        activeRequests.handle(for: method) {
            registry.gauge(
                "http_server_active_requests",
                help: "Number of HTTP server requests currently being handled.",
                labels: [("http_request_method", method)])
        }
    }

    /// The duration histogram for one method / route template / status code.
    public func durationHistogram(method: String, route: String, status: Int) -> ExemplarHistogram {
        durations.handle(for: SeriesKey(method: method, route: route, status: status)) {
            registry.exemplarHistogram(
                "http_server_request_duration_seconds",
                help: "Duration of HTTP server requests, until the response is ready (streamed bodies: until their last byte).",
                labels: [("http_request_method", method), ("http_route", route), ("http_response_status_code", String(status))])
        }
    }

    /// The same histogram for synthetic requests only (see `SyntheticTraffic`): subtract it from
    /// the contract's histogram to count real shoppers alone.
    public func syntheticDurationHistogram(method: String, route: String, status: Int) -> ExemplarHistogram {
        syntheticDurations.handle(for: SeriesKey(method: method, route: route, status: status)) {
            registry.exemplarHistogram(
                "shopmicro_synthetic_http_server_request_duration_seconds",
                help: "Duration of synthetic HTTP server requests (marked X-ShopMicro-Synthetic), labelled like http_server_request_duration_seconds.",
                labels: [("http_request_method", method), ("http_route", route), ("http_response_status_code", String(status))])
        }
    }
}
