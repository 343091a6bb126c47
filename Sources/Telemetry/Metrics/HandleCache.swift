import Synchronization

/// Metric handles by label set, created once and then looked up on the hot path.
final class HandleCache<Key: Hashable & Sendable, Handle: Sendable>: Sendable {
    private let handles = Mutex<[Key: Handle]>([:])

    /// The handle for `key`, made by `make` the first time.
    func handle(for key: Key, make: () -> Handle) -> Handle {
        handles.withLock { handles in
            if let handle = handles[key] { return handle }
            let handle = make()
            handles[key] = handle
            return handle
        }
    }
}
