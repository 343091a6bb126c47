#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A histogram of durations whose observations take no lock (an atomic counter per bucket and an
/// atomic sum of nanoseconds) and whose buckets each keep an exemplar: the trace id of a recent
/// sampled request that landed there, refreshed at most once a second per bucket. Served in the
/// OpenMetrics exposition (`# {trace_id="…"} value timestamp`), so Prometheus can link a latency
/// bucket to a trace and from there to the request's log lines.
public final class ExemplarHistogram: Sendable {
    /// Upper bounds in nanoseconds, ascending; the last, implicit bucket is `+Inf`.
    let boundsNanoseconds: [Int64]
    /// The bounds as the exposition writes them (`0.005`, `1.0`).
    let boundTexts: [String]
    private let counts: [AtomicCounter]
    private let sumNanoseconds = Atomic<UInt64>(0)
    private let exemplars: [ExemplarSlot]

    init(boundsSeconds: [Double]) {
        boundsNanoseconds = boundsSeconds.map { Int64(($0 * 1e9).rounded()) }
        boundTexts = boundsSeconds.map { "\($0)" }
        counts = (0...boundsSeconds.count).map { _ in AtomicCounter() }
        exemplars = (0...boundsSeconds.count).map { _ in ExemplarSlot() }
    }

    /// Counts one observation; `traceID` is asked for only when the bucket's exemplar is due for a
    /// refresh (return nil for an unsampled request).
    @inline(__always)
    public func recordNanoseconds(_ nanoseconds: Int64, traceID: () -> String? = { nil }) {
        var index = 0
        while index < boundsNanoseconds.count, nanoseconds > boundsNanoseconds[index] { index += 1 }
        counts[index].value.add(1, ordering: .relaxed)
        sumNanoseconds.add(UInt64(max(0, nanoseconds)), ordering: .relaxed)
        exemplars[index].offer(nanoseconds: nanoseconds, traceID: traceID)
    }

    /// A consistent-enough copy for one scrape: cumulative bucket counts, sum in seconds, exemplars.
    func snapshot() -> Snapshot {
        var cumulative: [UInt64] = []
        cumulative.reserveCapacity(counts.count)
        var running: UInt64 = 0
        for counter in counts {
            running &+= counter.value.load(ordering: .relaxed)
            cumulative.append(running)
        }
        return Snapshot(cumulativeCounts: cumulative,
                        sumSeconds: Double(sumNanoseconds.load(ordering: .relaxed)) / 1e9,
                        exemplars: exemplars.map { $0.current })
    }

    struct Snapshot {
        let cumulativeCounts: [UInt64]
        let sumSeconds: Double
        let exemplars: [Exemplar?]
        var count: UInt64 { cumulativeCounts.last ?? 0 }
    }
}

/// One exemplar: the trace of an observation, its value and when it was seen.
struct Exemplar: Sendable {
    let traceID: String
    let valueSeconds: Double
    let unixSeconds: Double
}

private final class AtomicCounter: Sendable {
    let value = Atomic<UInt64>(0)
}

/// A bucket's exemplar, replaced at most once a second: the common path is one atomic load.
private final class ExemplarSlot: Sendable {
    private static let refreshNanoseconds: UInt64 = 1_000_000_000
    private let lastRefresh = Atomic<UInt64>(0)
    private let stored = Mutex<Exemplar?>(nil)

    @inline(__always)
    func offer(nanoseconds: Int64, traceID: () -> String?) {
        let last = lastRefresh.load(ordering: .relaxed)
        let now = Self.monotonicNanoseconds()
        guard now &- last >= Self.refreshNanoseconds || last == 0 else { return }
        guard lastRefresh.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged,
              let traceID = traceID() else { return }
        var wall = timespec()
        clock_gettime(CLOCK_REALTIME, &wall)
        let exemplar = Exemplar(traceID: traceID, valueSeconds: Double(nanoseconds) / 1e9,
                                unixSeconds: Double(wall.tv_sec) + Double(wall.tv_nsec / 1_000_000) / 1e3)
        stored.withLock { $0 = exemplar }
    }

    var current: Exemplar? { stored.withLock { $0 } }

    @inline(__always)
    private static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}
