import Synchronization

/// Work done just before every scrape, so a gauge such as an age is exact when Prometheus reads it.
final class ScrapeHooks: Sendable {
    private let hooks = Mutex<[@Sendable () -> Void]>([])

    func add(_ hook: @escaping @Sendable () -> Void) {
        hooks.withLock { $0.append(hook) }
    }

    func run() {
        for hook in hooks.withLock({ $0 }) { hook() }
    }
}
