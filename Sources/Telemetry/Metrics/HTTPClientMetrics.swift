import Prometheus
import ServiceContextModule

/// `http_client_request_duration_seconds{server_address,http_request_method,http_response_status_code}`,
/// with handles cached per label set. `server_address` is the peer service's name, never a URL.
public final class HTTPClientMetrics: Sendable {
    /// The status label of a request that got no response (refused, timed out, reset).
    public static let transportErrorStatus = "error"

    private struct SeriesKey: Hashable {
        let peer: String
        let method: String
        let status: String
    }

    private let registry: MetricsRegistry
    private let durations = HandleCache<SeriesKey, ExemplarHistogram>()

    /// The metrics shared by every client in the process.
    public static let shared = HTTPClientMetrics()

    public init(registry: MetricsRegistry = .shared) {
        self.registry = registry
    }

    /// Records one outgoing request; `status` is the response code or `transportErrorStatus`. The
    /// current trace (the caller's span) becomes the bucket's exemplar when one is due.
    public func record(peer: String, method: String, status: String, nanoseconds: UInt64) {
        let histogram = durations.handle(for: SeriesKey(peer: peer, method: method, status: status)) {
            registry.exemplarHistogram(
                "http_client_request_duration_seconds",
                help: "Duration of HTTP client requests to other services, until the whole response body is read.",
                labels: [("server_address", peer), ("http_request_method", method), ("http_response_status_code", status)])
        }
        histogram.recordNanoseconds(Int64(nanoseconds)) { TraceIdentity.sampledTraceID(of: ServiceContext.current) }
    }
}
