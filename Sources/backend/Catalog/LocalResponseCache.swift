import NIOCore
import Synchronization

/// Encoded catalog responses kept in process memory in front of Redis, correct across replicas:
/// it is only used while the invalidation channel is subscribed (`setEnabled`), every stock change
/// anywhere reaches `invalidate(keys:)` through that channel, and a value loaded before an
/// invalidation is never stored after it (the generation check). Entries also expire after `ttl`.
final class LocalResponseCache: Sendable {
    private struct Entry {
        let body: ByteBuffer
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

    init(ttl: Duration, capacity: Int = 10_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    /// The cached body of `key`, and the generation to pass to `store` after a miss.
    func lookup(_ key: String) -> (body: ByteBuffer?, generation: Int) {
        state.withLock { state in
            guard state.enabled, let entry = state.entries[key], entry.expires > .now else { return (nil, state.generation) }
            return (entry.body, state.generation)
        }
    }

    /// Keeps `body` unless the cache is off or something was invalidated since `generation`.
    func store(_ key: String, _ body: ByteBuffer, generation: Int) {
        state.withLock { state in
            guard state.enabled, state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = Entry(body: body, expires: .now + ttl)
        }
    }

    /// Drops `keys`; a key ending in `*` drops every key with that prefix.
    func invalidate(keys: [String]) {
        state.withLock { state in
            state.generation += 1
            for key in keys {
                if key.hasSuffix("*") {
                    let prefix = key.dropLast()
                    state.entries = state.entries.filter { !$0.key.hasPrefix(prefix) }
                } else {
                    state.entries[key] = nil
                }
            }
        }
    }

    /// Turns the cache on (channel subscribed) or off (channel lost); either way it starts empty.
    func setEnabled(_ enabled: Bool) {
        state.withLock { state in
            state.generation += 1
            state.entries.removeAll()
            state.enabled = enabled
        }
    }
}
