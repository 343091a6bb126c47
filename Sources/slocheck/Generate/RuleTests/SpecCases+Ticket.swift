/// The ticket window pairs, in `alerts/tests/slo-rules-ticket.test.yml`: samples and rule
/// evaluations every hour, so that half a day of data stays cheap (a ticket waits 15 minutes: one
/// evaluation after the first that holds).
extension SpecCases {
    static let hour = 3600

    func ticketGroups() throws -> [Group] {
        try pairGroups(slow, evaluation: Self.hour, interval: Self.hour, profile: ticketProfile) { pair, above in
            "\(spec.name) \(above ? "opens" : "does not open") a ticket just \(above ? "above" : "below") burn rate \(pair.factorText(spec)) over \(pair.long) and \(pair.short)"
        }
    }

    /// Pair 0 (1d/2h): 2 hours at a high ratio, 4 hours without errors at heavy traffic, then
    /// 3 hours at `ratio`: over all the data (what the 1-day and 3-day windows see) the ratio is
    /// `ratio` throughout the last stretch, while the 6 hours stay below half the other factor.
    /// Pair 1 (3d/6h): 6 hours at a ratio that brings all the data to `ratio`, 4 hours at 1.8× the
    /// factor (6 hours: 1.2×), then 2 hours without errors (2 hours: nothing, so pair 0 stays silent).
    func ticketProfile(index: Int, ratio: Double) throws -> TestProfile {
        let traffic = RuleTestGenerator.traffic
        if index == 0 {
            let other = slow.pairs[1].threshold(spec)
            // 6 hours at the end: 3 of the clean traffic and the 3 at `ratio`.
            let heavy = max(1, ((3 * ratio / (0.5 * other) - 3) / 3).rounded(.up))
            let high = ratio * (1 + 2 * heavy)
            try check(high < 1, "ticket profile for \(slow.pairs[0].long)")
            return TestProfile(interval: Self.hour, segments: [
                Segment(samples: 2, total: traffic, bad: bad(high)),
                Segment(samples: 4, total: heavy * traffic, bad: 0),
                Segment(samples: 3, total: traffic, bad: bad(ratio)),
            ])
        }
        let recent = 1.8 * slow.pairs[1].threshold(spec)
        let older = (ratio * 12 - recent * 4) / 6
        try check(older > 0 && recent < 1, "ticket profile for \(slow.pairs[1].long)")
        return TestProfile(interval: Self.hour, segments: [
            Segment(samples: 6, total: traffic, bad: bad(older)),
            Segment(samples: 4, total: traffic, bad: bad(recent)),
            Segment(samples: 2, total: traffic, bad: 0),
        ])
    }
}
