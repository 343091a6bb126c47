import Prometheus

/// The data-store metrics of the contract, shared by the PostgreSQL and Redis clients:
/// `db_client_operation_duration_seconds{db_system_name,db_operation_name}` and the
/// connection pool gauges `db_client_connections_usage{db_system_name,state}`,
/// `db_client_connections_max{db_system_name}` and `db_client_connections_pending_requests{db_system_name}`.
public final class DatabaseClientMetrics: Sendable {
    /// The metrics shared by every client in the process.
    public static let shared = DatabaseClientMetrics()

    private struct SeriesKey: Hashable {
        let system: String
        let operation: String
    }

    private let registry: MetricsRegistry
    private let durations = HandleCache<SeriesKey, ValueHistogram>()

    public init(registry: MetricsRegistry = .shared) {
        self.registry = registry
    }

    /// Records one operation; `operation` must come from a fixed set (a SQL keyword, a Redis command).
    public func recordOperation(system: String, operation: String, nanoseconds: UInt64) {
        let histogram = durations.handle(for: SeriesKey(system: system, operation: operation)) {
            registry.valueHistogram(
                "db_client_operation_duration_seconds",
                help: "Duration of database client operations, from sending the statement to reading its whole result.",
                buckets: HistogramBuckets.databaseSeconds,
                labels: [("db_system_name", system), ("db_operation_name", operation)])
        }
        histogram.record(Double(nanoseconds) / 1e9)
    }

    /// The gauges of one connection pool.
    public func poolGauges(system: String) -> ConnectionPoolGauges {
        ConnectionPoolGauges(
            idle: registry.gauge("db_client_connections_usage", help: "Open connections of the pool by state.",
                                 labels: [("db_system_name", system), ("state", "idle")]),
            used: registry.gauge("db_client_connections_usage", help: "Open connections of the pool by state.",
                                 labels: [("db_system_name", system), ("state", "used")]),
            max: registry.gauge("db_client_connections_max", help: "Connections the pool may open at most.",
                                labels: [("db_system_name", system)]),
            pending: registry.gauge("db_client_connections_pending_requests",
                                    help: "Callers waiting for a free connection.", labels: [("db_system_name", system)]))
    }
}

/// Gauges describing one connection pool.
public struct ConnectionPoolGauges: Sendable {
    public let idle: Prometheus.Gauge
    public let used: Prometheus.Gauge
    public let max: Prometheus.Gauge
    public let pending: Prometheus.Gauge

    /// Sets all four from the pool's state.
    public func update(idle idleCount: Int, used usedCount: Int, max maxCount: Int, pending pendingCount: Int) {
        idle.set(to: Double(idleCount))
        used.set(to: Double(usedCount))
        max.set(to: Double(maxCount))
        pending.set(to: Double(pendingCount))
    }
}
