import Synchronization

/// Values kept in process memory for a short time, correct across replicas when every change is
/// announced on an invalidation channel: the cache is used only while that channel is subscribed
/// (`setEnabled`), announced changes remove what they touch (`invalidate`), and a value loaded
/// before an invalidation is never stored after it (`generation`, read before loading, checked by
/// `store`). Entries also expire after `ttl`; past `capacity` the cache starts again empty.
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

    public init(ttl: Duration, capacity: Int) {
        self.ttl = ttl
        self.capacity = capacity
    }

    /// The generation to pass to `store` after loading a value: read it before loading.
    public var generation: Int { state.withLock { $0.generation } }

    /// The live value of `key`, nil when absent, expired or the cache is off.
    public func lookup(_ key: String) -> Value? {
        state.withLock { state in
            guard state.enabled, let entry = state.entries[key], entry.expires > .now else { return nil }
            return entry.value
        }
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
        state.withLock { state in
            state.generation += 1
            state.entries.removeAll()
            state.enabled = enabled
        }
    }
}
