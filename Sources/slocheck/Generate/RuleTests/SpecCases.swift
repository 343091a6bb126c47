import Foundation

/// The promtool test groups of one SLO (see `RuleTestGenerator`).
struct SpecCases {
    typealias Group = RuleTestGenerator.Group
    typealias Segment = TestProfile.Segment
    let spec: SLOSpec
    let runbook: Runbook
    let series: SpecSeries
    static let minute = 60

    init(spec: SLOSpec, runbook: Runbook) throws {
        self.spec = spec
        self.runbook = runbook
        self.series = try SpecSeries(spec)
    }

    var fast: BurnPolicy.Alert { BurnPolicy.fast }
    var slow: BurnPolicy.Alert { BurnPolicy.slow }

    // MARK: Expectations

    func alertName(_ alert: BurnPolicy.Alert) -> String { spec.camelName + alert.suffix }

    /// The alert firing at `time` with `ratio` as its value.
    func firing(_ alert: BurnPolicy.Alert, at time: Int, ratio: Double) -> String {
        """
              - eval_time: \(RuleTestGenerator.duration(time))
                alertname: \(alertName(alert))
                exp_alerts:
                  - exp_labels: { severity: \(alert.severity), job: \(spec.service), service: \(spec.service), slo: \(spec.name) }
                    exp_annotations:
                      summary: \(RuleGenerator.quoted(RuleGenerator.burnSummary(spec, alert)))
                      description: \(RuleGenerator.quoted(RuleGenerator.burnDescription(spec, alert, errorRatio: Self.humanizedPercentage(ratio))))
                      runbook_url: \(runbook.url(anchor: "slo-error-budget-burn"))

        """
    }

    func silent(_ name: String, at time: Int) -> String {
        "      - eval_time: \(RuleTestGenerator.duration(time))\n        alertname: \(name)\n        exp_alerts: []\n"
    }

    func silent(_ alert: BurnPolicy.Alert, at time: Int) -> String { silent(alertName(alert), at: time) }

    /// A `promql_expr_test` entry: `expression` at `time` is one sample with `labels` and `value`.
    func expression(_ expression: String, at time: Int, labels: String, value: String) -> String {
        """
              - expr: \(RuleGenerator.quoted(expression))
                eval_time: \(RuleTestGenerator.duration(time))
                exp_samples:
                  - labels: \(RuleGenerator.quoted(labels))
                    value: \(value)

        """
    }

    /// Prometheus's `humanizePercentage`: `%.4g` of the ratio times 100, then `%`.
    static func humanizedPercentage(_ ratio: Double) -> String { String(format: "%.4g%%", ratio * 100) }

    /// The labels every generated series carries, as a selector body.
    var seriesLabels: String { "job=\"\(spec.service)\",service=\"\(spec.service)\",slo=\"\(spec.name)\"" }

    /// Bad events per sample for `ratio` of `traffic`, a whole number.
    func bad(_ ratio: Double, of traffic: Double = RuleTestGenerator.traffic) -> Double { (ratio * traffic).rounded() }

    /// A ratio with four significant digits, so that `humanizePercentage` prints it the same
    /// whatever the last bits of Prometheus's division.
    static func designed(_ ratio: Double) -> Double {
        let scale = pow(10, 3 - floor(log10(ratio)))
        return (ratio * scale).rounded() / scale
    }

    func check(_ condition: Bool, _ test: String) throws {
        if !condition { throw RuleTestGenerator.untestable(spec, test) }
    }

    // MARK: Groups evaluated every 5 minutes (alerts/tests/slo-rules.test.yml)

    static let fiveMinutes = 300

    func groups() throws -> [Group] {
        try [values(), syntheticOnly()] + pagePairs() + [slowBurn()] + guardGroups() + [absent()]
    }

    /// Real users: 600 events a minute, 120 bad; synthetic: 300 a minute, 150 bad. Every rate and
    /// ratio counts the real ones only (20 %, not the 30 % of all requests).
    func values() throws -> Group {
        let minute = Self.minute
        let real = TestProfile(interval: minute, segments: [Segment(samples: 15, total: 600, bad: 120)])
        let synthetic = TestProfile(interval: minute, segments: [Segment(samples: 15, total: 300, bad: 150)])
        var group = Group(name: "\(spec.name) records real users' rates and ratios (synthetic requests subtracted), the objective and the burn factors",
                          interval: minute, inputs: series.inputs(real, synthetic: synthetic))
        let time = 10 * minute, selector = RuleGenerator.selector(spec)
        group.expressions.append(expression("round(slo:total_events:rate5m\(selector), 0.000001)", at: time, labels: "{\(seriesLabels)}", value: "10"))
        group.expressions.append(expression("round(slo:bad_events:rate5m\(selector), 0.000001)", at: time, labels: "{\(seriesLabels)}", value: "2"))
        for window in BurnPolicy.windows + [spec.windowText] {
            group.expressions.append(expression("round(slo:error_ratio:rate\(window)\(selector), 0.000001)", at: time,
                                                labels: "{\(seriesLabels)}", value: "0.2"))
        }
        group.expressions.append(expression("round(slo:error_ratio:window\(selector), 0.000001)", at: time,
                                            labels: "{\(seriesLabels),window=\"\(spec.windowText)\"}", value: "0.2"))
        group.expressions.append(expression("slo:objective:ratio\(selector)", at: time, labels: "slo:objective:ratio{\(seriesLabels)}", value: spec.targetText))
        group.expressions.append(expression("slo:error_budget:ratio\(selector)", at: time, labels: "slo:error_budget:ratio{\(seriesLabels)}", value: spec.budgetText))
        for pair in fast.pairs + slow.pairs {
            group.expressions.append(expression("slo:burn_rate_threshold:rate\(pair.long)\(selector)", at: time,
                                                labels: "slo:burn_rate_threshold:rate\(pair.long){\(seriesLabels)}", value: pair.factorText(spec)))
        }
        return group
    }

    /// Only synthetic requests, half of them failing: no real event, nothing burns.
    func syntheticOnly() throws -> Group {
        let minute = Self.minute
        let none = TestProfile(interval: minute, segments: [Segment(samples: 25, total: 0, bad: 0)])
        let synthetic = TestProfile(interval: minute, segments: [Segment(samples: 25, total: 600, bad: 300)])
        var group = Group(name: "\(spec.name) synthetic requests failing burn no error budget", interval: minute,
                          inputs: series.inputs(none, synthetic: synthetic))
        let time = 20 * minute, selector = RuleGenerator.selector(spec)
        group.alerts = [silent(fast, at: time), silent(slow, at: time)]
        group.expressions.append(expression("slo:total_events:rate5m\(selector)", at: time, labels: "slo:total_events:rate5m{\(seriesLabels)}", value: "0"))
        group.expressions.append(expression("slo:bad_events:rate5m\(selector)", at: time, labels: "slo:bad_events:rate5m{\(seriesLabels)}", value: "0"))
        return group
    }

    /// Each page pair just above (fires) and just below (silent) its factor, the other pair silent.
    func pagePairs() throws -> [Group] {
        try pairGroups(fast, evaluation: Self.fiveMinutes, interval: Self.minute, profile: pageProfile) { pair, above in
            "\(spec.name) \(above ? "pages" : "does not page") just \(above ? "above" : "below") burn rate \(pair.factorText(spec)) over \(pair.long) and \(pair.short)"
        }
    }

    /// For each window pair of `alert`, a group just above its factor (the alert fires) and one just
    /// below (silent), checked to flip when that factor is 4 % off the other way.
    func pairGroups(_ alert: BurnPolicy.Alert, evaluation: Int, interval: Int, profile: (Int, Double) throws -> TestProfile,
                    name: (BurnPolicy.Pair, Bool) -> String) throws -> [Group] {
        var groups: [Group] = []
        for (index, pair) in alert.pairs.enumerated() {
            for level in [RuleTestGenerator.above, RuleTestGenerator.below] {
                let profile = try profile(index, Self.designed(level * pair.threshold(spec)))
                let time = profile.end
                let above = level > 1
                let title = name(pair, above)
                let broken = above ? RuleTestGenerator.brokenFactor.up : RuleTestGenerator.brokenFactor.down
                let firesAsGenerated = profile.fires(alert, spec, at: time, evaluation: evaluation)
                let firesBroken = profile.fires(alert, spec, at: time, evaluation: evaluation, scale: { $0 == index ? broken : 1 })
                try check(firesAsGenerated == above && firesBroken != above, title)
                var group = Group(name: title, interval: interval, inputs: series.inputs(profile))
                group.alerts = [above ? firing(alert, at: time, ratio: profile.reportedRatio(alert, spec, at: time)!) : silent(alert, at: time)]
                groups.append(group)
            }
        }
        return groups
    }

    /// Pair 0 (1h/5m): five minutes of heavy error-free traffic, then 65 minutes at `ratio`: the
    /// hour holds only errors, the 6 hours are diluted below half the other factor. Pair 1 (6h/30m):
    /// ten minutes at `ratio`, below the first pair's factor.
    func pageProfile(index: Int, ratio: Double) throws -> TestProfile {
        let traffic = RuleTestGenerator.traffic
        if index == 1 {
            return TestProfile(interval: Self.minute, segments: [Segment(samples: 10, total: traffic, bad: bad(ratio))])
        }
        let errors = 65, prefix = 5
        let other = fast.pairs[1].threshold(spec)
        let heavy = max(1, ((Double(errors) * ratio / (0.5 * other) - Double(errors)) / Double(prefix)).rounded(.up))
        return TestProfile(interval: Self.minute, segments: [Segment(samples: prefix, total: heavy * traffic, bad: 0),
                                                             Segment(samples: errors, total: traffic, bad: bad(ratio))])
    }

    /// A steady burn between the slowest ticket factor and the page factors: a ticket, no page.
    func slowBurn() throws -> Group {
        let ratio = Self.designed((slow.pairs[1].threshold(spec) * fast.pairs[1].threshold(spec)).squareRoot())
        let profile = TestProfile(interval: Self.minute, segments: [Segment(samples: 20, total: RuleTestGenerator.traffic, bad: bad(ratio))])
        let time = profile.end
        let name = "\(spec.name) a slow burn (burn rate \(String(format: "%.3g", ratio / spec.budget))) opens a ticket and does not page"
        try check(profile.fires(slow, spec, at: time, evaluation: Self.fiveMinutes)
                  && !profile.fires(fast, spec, at: time, evaluation: Self.fiveMinutes), name)
        var group = Group(name: name, interval: Self.minute, inputs: series.inputs(profile))
        group.alerts = [firing(slow, at: time, ratio: profile.reportedRatio(slow, spec, at: time)!), silent(fast, at: time)]
        return group
    }

    /// Every request failing: with fewer events than the guard's minimum in the long windows no
    /// page, with a few more a page.
    func guardGroups() throws -> [Group] {
        let minutes = 40, minimum = Double(spec.minEvents)
        var groups: [Group] = []
        for pages in [false, true] {
            // Below: 95 % of the minimum by the end. Above: 110 % of it one evaluation before the end.
            let wanted = pages ? 1.1 * minimum / Double(minutes - 5) : 0.95 * minimum / Double(minutes)
            let perMinute = ((wanted * 64).rounded(pages ? .up : .down)) / 64
            let profile = TestProfile(interval: Self.minute, segments: [Segment(samples: minutes, total: perMinute, bad: perMinute)])
            let time = profile.end
            let name = "\(spec.name) every request failing \(pages ? "pages" : "does not page") with \(pages ? "at least" : "fewer than") \(spec.minEvents) requests in the long windows"
            let broken = Int((minimum * (pages ? RuleTestGenerator.brokenGuard.up : RuleTestGenerator.brokenGuard.down)).rounded())
            try check(profile.fires(fast, spec, at: time, evaluation: Self.fiveMinutes) == pages
                      && profile.fires(fast, spec, at: time, evaluation: Self.fiveMinutes, minEvents: broken) != pages, name)
            var group = Group(name: name, interval: Self.minute, inputs: series.inputs(profile))
            group.alerts = [pages ? firing(fast, at: time, ratio: 1) : silent(fast, at: time)]
            groups.append(group)
        }
        return groups
    }

    func absent() -> Group {
        var group = Group(name: "\(spec.name) without any data fires the absent-SLI alert", interval: Self.minute,
                          inputs: "      - series: 'up{job=\"\(spec.service)\"}'\n        values: '1x30'\n")
        group.alerts = [silent(spec.camelName + "SLIAbsent", at: 10 * Self.minute), """
                  - eval_time: 20m
                    alertname: \(spec.camelName)SLIAbsent
                    exp_alerts:
                      - exp_labels: { severity: ticket, job: \(spec.service), service: \(spec.service), slo: \(spec.name) }
                        exp_annotations:
                          summary: \(RuleGenerator.quoted(RuleGenerator.absentSummary(spec)))
                          description: \(RuleGenerator.quoted(RuleGenerator.absentDescription(spec)))
                          runbook_url: \(runbook.url(anchor: "slo-sli-absent"))

            """]
        return group
    }

    // MARK: Evaluated every minute (alerts/tests/slo-rules-low-traffic.test.yml)

    /// About 10 requests an hour and one of them bad: far above every factor, but far fewer events
    /// than the guard asks for. Without the guard it would page.
    func oneBadRequest() throws -> Group {
        let perMinute = 11.0 / 64  // 10.3 an hour, exact in binary
        let profile = TestProfile(interval: Self.minute, segments: [
            Segment(samples: 5, total: perMinute, bad: 0), Segment(samples: 1, total: 1, bad: 1), Segment(samples: 4, total: perMinute, bad: 0),
        ])
        let times = [8 * Self.minute, profile.end]
        let name = "\(spec.name) one bad request among about 10 an hour does not page (fewer than \(spec.minEvents) requests in each window)"
        try check(times.allSatisfy { !profile.fires(fast, spec, at: $0, evaluation: Self.minute) }
                  && times.allSatisfy { profile.fires(fast, spec, at: $0, evaluation: Self.minute, minEvents: 0) }, name)
        var group = Group(name: name, interval: Self.minute, inputs: series.inputs(profile))
        group.alerts = times.map { silent(fast, at: $0) }
        return group
    }

}
