import Logging
import NIOCore
import ServiceKit

/// Encoded catalog responses kept in process memory in front of Redis, correct across replicas
/// (an `InvalidatedCache`: used only while the invalidation channel is subscribed, every stock
/// change anywhere reaches `invalidate(keys:)` through that channel, a value loaded before an
/// invalidation is never stored after it). Entries also expire after `ttl`.
final class LocalResponseCache: Sendable {
    private let cache: InvalidatedCache<ByteBuffer>

    /// Its metrics and log lines say `cache_name` `catalog_local` (the Redis layer behind it is
    /// counted by `CatalogCache`).
    init(ttl: Duration, capacity: Int = 10_000, logger: Logger? = nil) {
        cache = InvalidatedCache(name: "catalog_local", ttl: ttl, capacity: capacity, logger: logger)
    }

    /// The generation to pass to `store` after loading: read it before the lookups that missed.
    var generation: Int { cache.generation }

    /// The cached body of `key`, and the generation to pass to `store` after a miss.
    func lookup(_ key: String) -> (body: ByteBuffer?, generation: Int) {
        let generation = cache.generation
        return (cache.lookup(key), generation)
    }

    /// Keeps `body` unless the cache is off or something was invalidated since `generation`.
    func store(_ key: String, _ body: ByteBuffer, generation: Int) {
        cache.store(key, body, generation: generation)
    }

    /// Drops `keys`; a key ending in `*` drops every key with that prefix.
    func invalidate(keys: [String]) {
        let prefixes = keys.filter { $0.hasSuffix("*") }.map { $0.dropLast() }
        guard !prefixes.isEmpty else { return cache.invalidate(keys: keys) }
        let exact = Set(keys.filter { !$0.hasSuffix("*") })
        cache.invalidate { key, _ in exact.contains(key) || prefixes.contains { key.hasPrefix($0) } }
    }

    /// Turns the cache on (channel subscribed) or off (channel lost); either way it starts empty.
    func setEnabled(_ enabled: Bool) {
        cache.setEnabled(enabled)
    }
}
