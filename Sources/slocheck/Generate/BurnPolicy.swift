/// The multi-window, multi-burn-rate alerts of the Google SRE workbook (chapter "Alerting on SLOs"),
/// scaled to each SLO's window.
///
/// The workbook states each threshold as a share of the error budget spent within a long window:
/// 2 % in 1 hour and 5 % in 6 hours page, 10 % in 1 day and 10 % in 3 days open a ticket. The burn
/// factor is that share times the SLO window over the long window: 14.4 = 2 % × 30 d / 1 h for a
/// 30-day window, 13.44 for 28 days, 3.36 for 7 days. A factor below 1 would alert on a burn that
/// does not exhaust the budget within the window (10 % of a 7-day budget in 3 days is 0.23×), so
/// factors are at least 1.
enum BurnPolicy {
    /// One long/short window pair: it holds when both windows' error ratios exceed factor × budget
    /// and the long window counted at least the spec's minimum of events.
    struct Pair: Sendable {
        let long: String
        let short: String
        /// The share of the error budget spent within `long` at the threshold (0.02 = 2 %).
        let budgetShare: Double

        var longSeconds: Int { PromDuration.seconds(long)! }
        var shortSeconds: Int { PromDuration.seconds(short)! }

        /// The burn factor for `spec`'s window, at least 1.
        func factor(_ spec: SLOSpec) -> Double {
            max(1, (budgetShare * Double(spec.windowSeconds) / Double(longSeconds) * 1e6).rounded() / 1e6)
        }

        /// `factor` as written in the rules: `14.4`, `13.44`, `1`.
        func factorText(_ spec: SLOSpec) -> String { SLOSpec.decimal(factor(spec)) }

        /// The error ratio threshold, factor × budget.
        func threshold(_ spec: SLOSpec) -> Double { factor(spec) * spec.budget }

        /// The share of the budget a burn at the factor spends within the long window (≥ `budgetShare`).
        func spentShare(_ spec: SLOSpec) -> Double { factor(spec) * Double(longSeconds) / Double(spec.windowSeconds) }
    }

    /// One burn-rate alert: two window pairs, either of which fires it.
    struct Alert: Sendable {
        let suffix: String
        let severity: String
        let pairs: [Pair]
        let forDuration: String
        var forSeconds: Int { PromDuration.seconds(forDuration)! }
    }

    static let fast = Alert(suffix: "ErrorBudgetBurnFast", severity: "page",
                            pairs: [Pair(long: "1h", short: "5m", budgetShare: 0.02), Pair(long: "6h", short: "30m", budgetShare: 0.05)],
                            forDuration: "2m")
    static let slow = Alert(suffix: "ErrorBudgetBurnSlow", severity: "ticket",
                            pairs: [Pair(long: "1d", short: "2h", budgetShare: 0.1), Pair(long: "3d", short: "6h", budgetShare: 0.1)],
                            forDuration: "15m")
    static let alerts = [fast, slow]

    /// Every window a burn-rate alert reads, shortest first: the rate windows the rules record.
    static let windows = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"]
}
