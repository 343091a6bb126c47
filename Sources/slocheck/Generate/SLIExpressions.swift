/// The PromQL of one SLO's indicator over a window, counting real users only: the synthetic twin of
/// each series (`shopmicro_synthetic_<metric>`, recorded by services that trust the
/// `X-ShopMicro-Synthetic` mark) is subtracted. A twin or a numerator that matches no series yet
/// counts as zero (`or vector(0)`); a total that matches nothing stays empty, for the absent-SLI alert.
struct SLIExpressions {
    /// Metric families the services record a synthetic twin of, with the same labels.
    static let familiesWithSyntheticTwin = ["http_server_request_duration_seconds"]
    static let syntheticPrefix = "shopmicro_synthetic_"

    let spec: SLOSpec

    /// The synthetic twin of a spec query, nil when its metric has none.
    static func syntheticTwin(of query: String) -> String? {
        guard familiesWithSyntheticTwin.contains(where: { query.hasPrefix($0 + "_") }) else { return nil }
        return syntheticPrefix + query
    }

    /// Whether both of the spec's queries have a synthetic twin (else the SLI counts synthetic traffic).
    var excludesSyntheticTraffic: Bool {
        Self.syntheticTwin(of: spec.totalQuery) != nil && Self.syntheticTwin(of: spec.numeratorQuery) != nil
    }

    /// Events per second that `query` selects over `window`, minus its synthetic twin's.
    private func real(_ query: String, _ window: String, emptyIsZero: Bool) -> String {
        let all = "sum(rate(\(query)[\(window)]))"
        guard let twin = Self.syntheticTwin(of: query) else { return emptyIsZero ? "(\(all) or vector(0))" : all }
        let synthetic = "(sum(rate(\(twin)[\(window)])) or vector(0))"
        return emptyIsZero ? "((\(all) or vector(0)) - \(synthetic))" : "(\(all) - \(synthetic))"
    }

    /// All events per second over `window` (real users).
    func total(_ window: String) -> String {
        strip(real(spec.totalQuery, window, emptyIsZero: false))
    }

    /// Bad events per second over `window` (real users).
    func bad(_ window: String) -> String {
        switch spec.numerator {
        case .bad:
            return strip(real(spec.numeratorQuery, window, emptyIsZero: true))
        case .good:
            return "\(real(spec.totalQuery, window, emptyIsZero: false)) - \(real(spec.numeratorQuery, window, emptyIsZero: true))"
        }
    }

    /// Drops one pair of outer parentheses around a whole expression.
    private func strip(_ expression: String) -> String {
        guard expression.hasPrefix("("), expression.hasSuffix(")") else { return expression }
        var depth = 0
        for (index, character) in expression.enumerated() {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth == 0 && index < expression.count - 1 { return expression }
        }
        return String(expression.dropFirst().dropLast())
    }
}
