import Prometheus

/// `cache_requests_total{cache_name,result}`: lookups of a named cache, `result` being `hit`, `miss`
/// or `error` (the cache could not be asked and the source of truth answered instead).
public final class CacheMetrics: Sendable {
    public enum Result: String, Sendable, CaseIterable {
        case hit, miss, error
    }

    private let counters: [Result: Prometheus.Counter]

    /// The counters of cache `name` (a fixed name such as `product`, never a key).
    public init(name: String, registry: MetricsRegistry = .shared) {
        var counters: [Result: Prometheus.Counter] = [:]
        for result in Result.allCases {
            counters[result] = registry.counter(
                "cache_requests_total", help: "Cache lookups by cache and result (hit, miss, error).",
                labels: [("cache_name", name), ("result", result.rawValue)])
        }
        self.counters = counters
    }

    public func record(_ result: Result) {
        counters[result]!.increment()
    }
}
