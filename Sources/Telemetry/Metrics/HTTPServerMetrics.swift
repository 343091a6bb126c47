import Prometheus

/// The HTTP server metrics of the telemetry contract, with handles cached per label set.
///
/// `http_server_request_duration_seconds{http_request_method,http_route,http_response_status_code}`
/// and `http_server_active_requests{http_request_method}`. Routes are templates, never raw paths.
/// Synthetic requests (see `SyntheticTraffic`) are also counted in
/// `shopmicro_synthetic_http_server_request_duration_seconds`, with the same labels: subtract it from
/// the contract's histogram to count real shoppers alone.
public final class HTTPServerMetrics: Sendable {
    /// The `http_route` value every request that matched no route shares.
    public static let unmatchedRoute = "unmatched"

    private static let durationName = "http_server_request_duration_seconds"
    private static let durationHelp = "Duration of HTTP server requests, until the response is ready (streamed bodies: until their last byte)."
    private static let syntheticName = "shopmicro_synthetic_http_server_request_duration_seconds"
    private static let syntheticHelp = "Duration of synthetic HTTP server requests (marked X-ShopMicro-Synthetic), labelled like http_server_request_duration_seconds."

    private struct SeriesKey: Hashable {
        let method: String
        let route: String
        let status: Int

        var labels: [(String, String)] {
            [("http_request_method", method), ("http_route", route), ("http_response_status_code", String(status))]
        }
    }

    private let registry: MetricsRegistry
    private let durations = HandleCache<SeriesKey, ExemplarHistogram>()
    /// The contract's histogram and its synthetic twin, created together.
    private let syntheticPairs = HandleCache<SeriesKey, [ExemplarHistogram]>()
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
        let key = SeriesKey(method: method, route: route, status: status)
        return durations.handle(for: key) {
            registry.exemplarHistogram(Self.durationName, help: Self.durationHelp, labels: key.labels)
        }
    }

    /// Counts one finished request in the duration histogram and, when `synthetic`, in its synthetic
    /// twin too, consistently for every scrape: the two series appear together (unless a real request
    /// made the contract's first) and both counts move in one step, so the contract's count minus the
    /// twin's never takes a synthetic request for a real one or the other way round.
    public func recordRequest(method: String, route: String, status: Int, nanoseconds: Int64, synthetic: Bool,
                              traceID: () -> String?) {
        guard synthetic else {
            durationHistogram(method: method, route: route, status: status).recordNanoseconds(nanoseconds, traceID: traceID)
            return
        }
        let key = SeriesKey(method: method, route: route, status: status)
        let pair = syntheticPairs.handle(for: key) {
            registry.exemplarHistograms([(Self.durationName, Self.durationHelp, key.labels),
                                         (Self.syntheticName, Self.syntheticHelp, key.labels)])
        }
        registry.recordTogether(pair, nanoseconds: nanoseconds, traceID: traceID)
    }
}
