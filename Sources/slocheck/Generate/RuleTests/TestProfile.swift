/// A promtool input profile: per-sample increments of all events and of bad events, in segments,
/// starting from 0 at time 0. It computes what Prometheus will see (rates over sample-aligned
/// windows are exact: no extrapolation when a window's ends fall on samples or the counter starts
/// at 0), so the generator can check that each test case tells the thresholds apart.
struct TestProfile {
    struct Segment {
        /// How many samples the segment adds.
        let samples: Int
        /// Events per sample.
        let total: Double
        /// Bad events per sample (at most `total`).
        let bad: Double
    }

    /// Seconds between samples (promtool's `interval`).
    let interval: Int
    let segments: [Segment]

    /// The profile's end: the time of its last sample, in seconds.
    var end: Int { segments.reduce(0) { $0 + $1.samples } * interval }

    /// Cumulative (all, bad) events at `time` (a multiple of `interval`, clamped to the profile).
    func cumulative(at time: Int) -> (total: Double, bad: Double) {
        var remaining = max(0, time / interval)
        var total = 0.0, bad = 0.0
        for segment in segments where remaining > 0 {
            let taken = min(remaining, segment.samples)
            total += Double(taken) * segment.total
            bad += Double(taken) * segment.bad
            remaining -= taken
        }
        return (total, bad)
    }

    /// Events (all, bad) within the `window` seconds before `time`, as `rate(x[window]) * window`.
    func events(window: Int, at time: Int) -> (total: Double, bad: Double) {
        let now = cumulative(at: time), before = cumulative(at: max(0, time - window))
        return (now.total - before.total, now.bad - before.bad)
    }

    /// The error ratio over `window` at `time`; nil without events (Prometheus: NaN, never above a threshold).
    func ratio(window: Int, at time: Int) -> Double? {
        let counted = events(window: window, at: time)
        return counted.total > 0 ? counted.bad / counted.total : nil
    }

    /// Whether a window pair's condition holds at `time`, with the factor scaled by `scale`
    /// (1: as generated; 1.04 or 0.96: a broken rule the test must catch) and `minEvents` as the guard.
    func holds(_ pair: BurnPolicy.Pair, _ spec: SLOSpec, at time: Int, scale: Double = 1, minEvents: Int? = nil) -> Bool {
        let threshold = pair.threshold(spec) * scale
        guard time >= interval, let long = ratio(window: pair.longSeconds, at: time),
              let short = ratio(window: pair.shortSeconds, at: time) else { return false }
        return long > threshold && short > threshold
            && events(window: pair.longSeconds, at: time).total >= Double(minEvents ?? spec.minEvents)
    }

    /// Whether `alert` fires at `time` when its rules are evaluated every `evaluation` seconds: its
    /// expression held at every evaluation of its `for` duration.
    func fires(_ alert: BurnPolicy.Alert, _ spec: SLOSpec, at time: Int, evaluation: Int,
               scale: (Int) -> Double = { _ in 1 }, minEvents: Int? = nil) -> Bool {
        let steps = (alert.forSeconds + evaluation - 1) / evaluation
        return (0...steps).allSatisfy { step in
            alert.pairs.indices.contains { holds(alert.pairs[$0], spec, at: time - step * evaluation, scale: scale($0), minEvents: minEvents) }
        }
    }

    /// The value the alert reports (`$value`): the long-window ratio of the first pair that holds.
    func reportedRatio(_ alert: BurnPolicy.Alert, _ spec: SLOSpec, at time: Int) -> Double? {
        alert.pairs.first { holds($0, spec, at: time) }.flatMap { ratio(window: $0.longSeconds, at: time) }
    }

    /// promtool values for the all-events or the bad-events counter, e.g. `0 10+10x4 60+20x9`.
    func values(_ increment: (Segment) -> Double) -> String {
        var parts = ["0"]
        var current = 0.0
        for segment in segments where segment.samples > 0 {
            let step = increment(segment)
            parts.append(segment.samples == 1 ? Self.number(current + step)
                         : "\(Self.number(current + step))+\(Self.number(step))x\(segment.samples - 1)")
            current += step * Double(segment.samples)
        }
        return parts.joined(separator: " ")
    }

    /// A number as promtool reads it back exactly (the profiles use whole numbers and 1/64ths).
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
