import Logging
import ServiceKit

/// Rendered catalog pages (home pages without a search, product pages) kept in memory for a short
/// time, so a page view costs neither backend calls nor template rendering.
///
/// Correct across replicas and checkouts the way the backend's local cache is: it is used only
/// while the backend's invalidation channel is subscribed (`setEnabled`), every stock change
/// anywhere drops the pages that show one of the changed products (`invalidate(message:)` from
/// the channel, `invalidate(productIDs:)` from this storefront's own checkouts before it answers),
/// and a page rendered from data loaded before any invalidation is never stored after it (the
/// generation check). What differs per shopper or request (CSRF token,
/// trace id) is a hole in the cached page (`RenderedPage`), filled per response.
final class PageCache: Sendable {
    private let cache: InvalidatedCache<RenderedPage>

    /// Its metrics and log lines say `cache_name` `page`.
    init(ttl: Duration, capacity: Int = 2_000, logger: Logger? = nil) {
        cache = InvalidatedCache(name: "page", ttl: ttl, capacity: capacity, logger: logger)
    }

    /// The generation to pass to `store` after loading what the page shows.
    var generation: Int { cache.generation }

    func lookup(_ key: String) -> RenderedPage? { cache.lookup(key) }

    /// Keeps `page` unless the cache is off or something was invalidated since `generation`.
    func store(_ key: String, _ page: RenderedPage, showing products: some Sequence<Int>, generation: Int) {
        cache.store(key, page, tags: Set(products.map(String.init)), generation: generation)
    }

    /// Forgets every page (something changed, and what is not known).
    func invalidateAll() { cache.invalidateAll() }

    /// Forgets the pages that show any of these products.
    func invalidate(productIDs: [Int]) {
        let changed = Set(productIDs.map(String.init))
        cache.invalidate { _, products in !products.isDisjoint(with: changed) }
    }

    /// Acts on a message of the backend's invalidation channel: the Redis keys it dropped, separated
    /// by spaces. `product:{id}` keys name changed products; `catalog:pages` (sent with them: the
    /// backend's cached pages hold stock) adds nothing a rendered page shows beyond those products;
    /// anything else, or no product at all, forgets every page.
    func invalidate(message: String) {
        var products: [Int] = []
        for key in message.split(separator: " ") {
            if key.hasPrefix("product:"), let id = Int(key.dropFirst("product:".count)) {
                products.append(id)
            } else if key != "catalog:pages" {
                return invalidateAll()
            }
        }
        if products.isEmpty { invalidateAll() } else { invalidate(productIDs: products) }
    }

    /// Turns the cache on (channel subscribed) or off (channel lost); either way it starts empty.
    func setEnabled(_ enabled: Bool) { cache.setEnabled(enabled) }
}
