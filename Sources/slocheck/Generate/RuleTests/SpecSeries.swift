/// The input series of one SLO's promtool tests: concrete series its queries select, fed from a
/// `TestProfile` — for a bad-events spec an "ok" series and a "bad" one (both counted by the total
/// query), for a good-events spec the total series and the good one.
struct SpecSeries {
    let spec: SLOSpec
    /// A series the total query selects (for a bad-events spec: its good part) and the numerator's.
    let totalSeries: String
    let numeratorSeries: String

    init(_ spec: SLOSpec) throws {
        self.spec = spec
        let total = try VectorSelector(parsing: spec.totalQuery)
        let numerator = try VectorSelector(parsing: spec.numeratorQuery)
        switch spec.numerator {
        case .bad:
            let badOnly = Set(numerator.matchers.map(\.label)).subtracting(total.matchers.map(\.label))
            totalSeries = numerator.sampleSeries(refusing: badOnly)  // the good part of the total
            numeratorSeries = numerator.sampleSeries()
        case .good:
            totalSeries = total.sampleSeries()
            numeratorSeries = numerator.sampleSeries()
        }
    }

    /// `input_series` entries for real users' `profile`, plus `synthetic` requests: counted in the
    /// contract's series too and alone in their synthetic twins.
    func inputs(_ profile: TestProfile, synthetic: TestProfile? = nil) -> String {
        var out = ""
        func add(_ series: String, _ values: String) {
            out += "      - series: \(RuleGenerator.quoted(series))\n        values: '\(values)'\n"
        }
        func feed(_ profile: TestProfile, prefix: String) {
            switch spec.numerator {
            case .bad:
                add(prefix + totalSeries, profile.values { $0.total - $0.bad })
                add(prefix + numeratorSeries, profile.values { $0.bad })
            case .good:
                add(prefix + totalSeries, profile.values { $0.total })
                add(prefix + numeratorSeries, profile.values { $0.total - $0.bad })
            }
        }
        if let synthetic {
            // The contract's histogram counts every request; its synthetic twin the synthetic part.
            let all = TestProfile(interval: profile.interval, segments: zip(profile.segments, synthetic.segments).map {
                TestProfile.Segment(samples: $0.samples, total: $0.total + $1.total, bad: $0.bad + $1.bad)
            })
            feed(all, prefix: "")
            feed(synthetic, prefix: SLIExpressions.syntheticPrefix)
        } else {
            feed(profile, prefix: "")
        }
        return out
    }
}
