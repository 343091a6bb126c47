import Logging
import Prometheus
import Synchronization
import Telemetry

/// Values kept in process memory for a short time, correct across replicas when every change is
/// announced on an invalidation channel: the cache is used only while that channel is subscribed
/// (`setEnabled`), announced changes remove what they touch (`invalidate`), and a value loaded
/// before an invalidation is never stored after it (`generation`, read before loading, checked by
/// `store`). Entries also expire after `ttl`; past `capacity` the cache starts again empty.
///
/// Observable under its `name`: `cache_requests_total{cache_name,result}` counts the lookups made
/// while it is on (`hit` or `miss`), `cache_enabled{cache_name}` is 1 while it is on, and turning
/// it on or off is logged.
public final class InvalidatedCache<Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        /// What the value depends on, beyond its own key (e.g. the products a page shows).
        let tags: Set<String>
        let expires: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var generation = 0
        var enabled = false
    }

    private let state = Mutex(State())
    private let ttl: Duration
    private let capacity: Int
    private let name: String
    private let metrics: CacheMetrics
    private let enabledGauge: Prometheus.Gauge
    private let logger: Logger?

    /// A cache called `name` (a fixed name such as `page`, the `cache_name` of its metrics), off
    /// until `setEnabled(true)`.
    public init(name: String, ttl: Duration, capacity: Int, registry: MetricsRegistry = .shared, logger: Logger? = nil) {
        self.name = name
        self.ttl = ttl
        self.capacity = capacity
        self.metrics = CacheMetrics(name: name, registry: registry)
        self.enabledGauge = registry.gauge("cache_enabled", help: "1 while the in-process cache is in use (its invalidation channel subscribed), else 0.",
                                           labels: [("cache_name", name)])
        self.logger = logger
        enabledGauge.set(Int64(0))
    }

    /// The generation to pass to `store` after loading a value: read it before loading.
    public var generation: Int { state.withLock { $0.generation } }

    /// The live value of `key`, nil when absent, expired or the cache is off.
    public func lookup(_ key: String) -> Value? {
        let (enabled, value) = state.withLock { state -> (Bool, Value?) in
            guard state.enabled else { return (false, nil) }
            guard let entry = state.entries[key], entry.expires > .now else { return (true, nil) }
            return (true, entry.value)
        }
        if enabled { metrics.record(value == nil ? .miss : .hit) }
        return value
    }

    /// Keeps `value` unless the cache is off, its TTL is zero, or something was invalidated since `generation`.
    public func store(_ key: String, _ value: Value, tags: Set<String> = [], generation: Int) {
        state.withLock { state in
            guard state.enabled, state.generation == generation, ttl > .zero else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = Entry(value: value, tags: tags, expires: .now + ttl)
        }
    }

    /// Removes these keys.
    public func invalidate(keys: some Sequence<String>) {
        state.withLock { state in
            state.generation += 1
            for key in keys { state.entries[key] = nil }
        }
    }

    /// Removes every entry whose key or tags `matches`.
    public func invalidate(where matches: (_ key: String, _ tags: Set<String>) -> Bool) {
        state.withLock { state in
            state.generation += 1
            state.entries = state.entries.filter { !matches($0.key, $0.value.tags) }
        }
    }

    /// Removes everything (something changed, and what is not known).
    public func invalidateAll() {
        state.withLock { state in
            state.generation += 1
            state.entries.removeAll()
        }
    }

    /// Turns the cache on (channel subscribed) or off (channel lost); either way it starts empty.
    public func setEnabled(_ enabled: Bool) {
        let changed = state.withLock { state in
            state.generation += 1
            state.entries.removeAll()
            let changed = state.enabled != enabled
            state.enabled = enabled
            return changed
        }
        enabledGauge.set(Int64(enabled ? 1 : 0))
        guard changed else { return }
        logger?.info(enabled ? "cache on: its invalidation channel is subscribed" : "cache off until its invalidation channel is subscribed again",
                     metadata: ["cache_name": "\(name)"])
    }
}
