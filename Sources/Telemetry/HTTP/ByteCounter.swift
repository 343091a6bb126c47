import Synchronization

/// A thread-safe running total of bytes written.
final class ByteCounter: Sendable {
    private let value = Atomic<Int>(0)

    func add(_ count: Int) {
        value.add(count, ordering: .relaxed)
    }

    var total: Int { value.load(ordering: .relaxed) }
}
