/// One OpenSLO v1 `SLO` with a Prometheus ratio indicator, as `slocheck` uses it.
struct SLOSpec: Sendable {
    /// Which side of the ratio the spec gives besides `total`.
    enum Numerator: String, Sendable {
        case good, bad
    }

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

    /// The error budget, `1 - target`, as text without float noise (`0.005`).
    var budgetText: String { Self.decimal(1 - target) }

    /// CamelCase of the name, for alert names: `checkout-latency` → `CheckoutLatency`.
    var camelName: String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A number written with at most 10 significant digits and no trailing zeros.
    static func decimal(_ value: Double) -> String {
        var text = String(format: "%.10f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
