/// One OpenSLO v1 `SLO` with a Prometheus ratio indicator, as `slocheck` uses it.
struct SLOSpec: Sendable {
    /// Which side of the ratio the spec gives besides `total`.
    enum Numerator: String, Sendable {
        case good, bad
    }

    /// The annotation that sets the minimum-event guard of the burn-rate alerts (a positive integer).
    static let minEventsAnnotation = "shopmicro.io/burn-alert-min-events"
    /// The guard when the spec does not set it: at 10 events an hour (60 in the 6-hour window) a
    /// single bad event cannot page.
    static let defaultMinEvents = 100

    let file: String
    let line: Int
    /// DNS-label style, e.g. `checkout-latency`; the `slo` label of every generated series.
    let name: String
    let displayName: String
    let service: String
    /// The objective as written (e.g. `0.995`), kept as text so generated rules are byte-stable.
    let targetText: String
    let target: Double
    let windowSeconds: Int
    let numerator: Numerator
    let numeratorQuery: String
    let totalQuery: String
    let numeratorLine: Int
    let totalLine: Int
    /// A burn-rate window pair fires only when its long window counted at least this many events.
    let minEvents: Int

    /// The error budget, `1 - target`, as text without float noise (`0.005`).
    var budgetText: String { Self.decimal(1 - target) }
    var budget: Double { 1 - target }

    /// Whole days of the SLO window (specs are checked to have one).
    var windowDays: Int { windowSeconds / 86_400 }
    /// The window as Prometheus writes it: `30d`.
    var windowText: String { "\(windowDays)d" }

    /// CamelCase of the name, for alert names: `checkout-latency` → `CheckoutLatency`.
    var camelName: String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A spec with only a window and a target, for computing its thresholds before it is complete.
    static func probe(windowSeconds: Int, target: Double) -> SLOSpec {
        SLOSpec(file: "", line: 0, name: "probe", displayName: "probe", service: "", targetText: "", target: target,
                windowSeconds: windowSeconds, numerator: .bad, numeratorQuery: "", totalQuery: "", numeratorLine: 0,
                totalLine: 0, minEvents: defaultMinEvents)
    }

    /// A number written with at most 10 significant digits and no trailing zeros.
    static func decimal(_ value: Double) -> String {
        var text = String(format: "%.10f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
