/// The orders the ml-service has read so far: the most recent `capacity` of them, and how far it read.
struct OrderHistory: Sendable {
    let capacity: Int
    private(set) var orders: [[Int]] = []
    /// The backend sequence of the last order read; the next read asks for orders after it.
    private(set) var lastSequence = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds orders read after `lastSequence`, dropping the oldest beyond `capacity`.
    mutating func append(_ newOrders: [[Int]], through sequence: Int) {
        orders.append(contentsOf: newOrders)
        if orders.count > capacity { orders.removeFirst(orders.count - capacity) }
        lastSequence = sequence
    }
}
