/// Spreads requests evenly at a total rate across all shoppers; with rate 0 it never waits.
actor Pacer {
    private let interval: Duration?
    private var next = ContinuousClock.now

    init(requestsPerSecond: Double) {
        interval = requestsPerSecond > 0 ? .nanoseconds(Int64(1e9 / requestsPerSecond)) : nil
    }

    /// The time at which the caller may send its next request.
    private func reserve() -> ContinuousClock.Instant {
        guard let interval else { return .now }
        next = max(next, .now) + interval
        return next - interval
    }

    /// Waits for the caller's turn.
    nonisolated func wait() async {
        let slot = await reserve()
        if slot > .now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}
