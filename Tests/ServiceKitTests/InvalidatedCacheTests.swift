import ServiceKit
import Telemetry
import Testing

/// The in-process cache behind the backend's local responses and the storefront's pages: off until
/// its invalidation channel is subscribed, never keeping a value loaded before an invalidation,
/// and observable under its name.
@Suite("InvalidatedCache")
struct InvalidatedCacheTests {
    private let registry = MetricsRegistry(prometheus: .init())

    private func metrics() -> String {
        String(decoding: MetricsExposition(registry: registry).renderText(), as: UTF8.self)
    }

    private func sample(_ series: String) -> Double? {
        metrics().split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.dropFirst(series.count + 1)) }
    }

    @Test("off until enabled: nothing is kept or counted, and cache_enabled says 0")
    func offUntilEnabled() {
        let cache = InvalidatedCache<String>(name: "page", ttl: .seconds(60), capacity: 10, registry: registry)
        cache.store("a", "A", generation: cache.generation)
        #expect(cache.lookup("a") == nil)
        #expect(sample(#"cache_enabled{cache_name="page"}"#) == 0)
        #expect(sample(#"cache_requests_total{cache_name="page",result="miss"}"#) == 0)

        cache.setEnabled(true)
        #expect(sample(#"cache_enabled{cache_name="page"}"#) == 1)
        #expect(cache.lookup("a") == nil)  // enabling starts empty
        cache.store("a", "A", generation: cache.generation)
        #expect(cache.lookup("a") == "A")
        #expect(cache.lookup("b") == nil)
        #expect(sample(#"cache_requests_total{cache_name="page",result="hit"}"#) == 1)
        #expect(sample(#"cache_requests_total{cache_name="page",result="miss"}"#) == 2)

        cache.setEnabled(false)
        #expect(sample(#"cache_enabled{cache_name="page"}"#) == 0)
        #expect(cache.lookup("a") == nil)
        #expect(sample(#"cache_requests_total{cache_name="page",result="miss"}"#) == 2)  // not a lookup while off
    }

    @Test("a value loaded before an invalidation is not stored after it; tags invalidate what shows them")
    func generationsAndTags() {
        let cache = InvalidatedCache<String>(name: "page", ttl: .seconds(60), capacity: 10, registry: registry)
        cache.setEnabled(true)
        let before = cache.generation
        cache.invalidate(keys: ["other"])
        cache.store("a", "old", generation: before)
        #expect(cache.lookup("a") == nil)

        cache.store("home", "page", tags: ["7", "9"], generation: cache.generation)
        cache.store("p3", "page", tags: ["3"], generation: cache.generation)
        cache.invalidate { _, tags in tags.contains("9") }
        #expect(cache.lookup("home") == nil)
        #expect(cache.lookup("p3") == "page")
    }

    @Test("entries expire after the TTL; a zero TTL keeps nothing")
    func expiry() async throws {
        let short = InvalidatedCache<String>(name: "short", ttl: .milliseconds(50), capacity: 10, registry: registry)
        short.setEnabled(true)
        short.store("a", "A", generation: short.generation)
        #expect(short.lookup("a") == "A")
        try await Task.sleep(for: .milliseconds(120))
        #expect(short.lookup("a") == nil)

        let none = InvalidatedCache<String>(name: "none", ttl: .zero, capacity: 10, registry: registry)
        none.setEnabled(true)
        none.store("a", "A", generation: none.generation)
        #expect(none.lookup("a") == nil)
    }
}
