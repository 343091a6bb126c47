import CoreMetrics
import Prometheus

/// The process-wide Prometheus registry every ShopMicro metric lives in.
///
/// Register each family through these helpers, always with the same help text and buckets:
/// swift-prometheus stops the process when one name is registered two different ways.
public struct MetricsRegistry: Sendable {
    /// The underlying swift-prometheus registry.
    public let prometheus: PrometheusCollectorRegistry
    let scrapeHooks = ScrapeHooks()
    let exemplarHistogramFamilies = ExemplarHistogramFamilies()

    /// Wraps a registry; services use `shared`, tests and benchmarks a fresh one.
    public init(prometheus: PrometheusCollectorRegistry) {
        self.prometheus = prometheus
    }

    /// The registry shared by the whole process.
    public static let shared = MetricsRegistry(prometheus: PrometheusCollectorRegistry())

    /// A counter; `name` must end in `_total`.
    public func counter(_ name: String, help: String, labels: [(String, String)] = []) -> Prometheus.Counter {
        prometheus.makeCounter(descriptor: descriptor(name, help), labels: labels)
    }

    /// A gauge.
    public func gauge(_ name: String, help: String, labels: [(String, String)] = []) -> Prometheus.Gauge {
        prometheus.makeGauge(descriptor: descriptor(name, help), labels: labels)
    }

    /// A gauge whose value `read` computes at every scrape, like a Prometheus client's GaugeFunc
    /// (e.g. an age derived from a timestamp). `read` must be cheap and must not block.
    public func computedGauge(_ name: String, help: String, labels: [(String, String)] = [],
                              read: @escaping @Sendable () -> Double) {
        let gauge = gauge(name, help: help, labels: labels)
        scrapeHooks.add { gauge.set(read()) }
    }

    /// Brings computed gauges up to date; the exposition calls it before rendering.
    public func prepareScrape() {
        scrapeHooks.run()
    }

    /// A histogram of durations with the contract's second buckets; `name` must end in `_seconds`.
    public func durationHistogram(_ name: String, help: String, labels: [(String, String)] = []) -> DurationHistogram {
        prometheus.makeDurationHistogram(descriptor: descriptor(name, help), labels: labels, buckets: HistogramBuckets.durations)
    }

    /// A histogram of durations with the contract's buckets whose observations take no lock and
    /// whose buckets carry trace exemplars (OpenMetrics); `name` must end in `_seconds`.
    public func exemplarHistogram(_ name: String, help: String, labels: [(String, String)] = []) -> ExemplarHistogram {
        exemplarHistograms([(name, help, labels)])[0]
    }

    /// Several exemplar histograms, found or created in one step: a scrape sees all of them or none
    /// (a series and its synthetic twin appear together).
    public func exemplarHistograms(_ series: [(name: String, help: String, labels: [(String, String)])]) -> [ExemplarHistogram] {
        exemplarHistogramFamilies.histograms(series, boundsSeconds: HistogramBuckets.seconds)
    }

    /// Records one observation of `nanoseconds` in each of `histograms` (from `exemplarHistograms`)
    /// so that a scrape sees it in all of them or in none: a series and its synthetic twin stay
    /// consistent in every scrape. Takes a lock, where `ExemplarHistogram.recordNanoseconds` takes none.
    public func recordTogether(_ histograms: [ExemplarHistogram], nanoseconds: Int64, traceID: () -> String? = { nil }) {
        exemplarHistogramFamilies.recordTogether(histograms, nanoseconds: nanoseconds, traceID: traceID)
    }

    /// A histogram of plain values with explicit buckets.
    public func valueHistogram(_ name: String, help: String, buckets: [Double], labels: [(String, String)] = []) -> ValueHistogram {
        prometheus.makeValueHistogram(descriptor: descriptor(name, help), labels: labels, buckets: buckets)
    }

    /// A swift-metrics factory writing into this registry, for libraries that use the swift-metrics API.
    public func makeMetricsFactory() -> any MetricsFactory {
        var factory = PrometheusMetricsFactory(registry: prometheus)
        factory.defaultDurationHistogramBuckets = HistogramBuckets.durations
        return factory
    }

    private func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
