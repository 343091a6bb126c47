/// The metric names and label names a PromQL expression refers to.
struct ReferencedNames: Equatable {
    /// Metric names with the label names used in their selectors.
    var metrics: [String: Set<String>] = [:]
    /// Label names used in `by`, `without`, `on`, `ignoring`, `group_left`/`group_right` lists.
    var groupingLabels: Set<String> = []
    /// Values of `le="…"` matchers per metric: they must be bucket boundaries exactly as exposed.
    var bucketBounds: [String: Set<String>] = [:]

    static let functions: Set<String> = [
        "abs", "absent", "absent_over_time", "avg_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
        "count_over_time", "day_of_month", "day_of_week", "days_in_month", "delta", "deriv", "exp", "floor",
        "histogram_quantile", "histogram_count", "histogram_sum", "holt_winters", "hour", "idelta", "increase", "irate",
        "label_join", "label_replace", "last_over_time", "ln", "log10", "log2", "max_over_time", "min_over_time", "minute",
        "month", "predict_linear", "present_over_time", "quantile_over_time", "rate", "resets", "round", "scalar", "sgn",
        "sort", "sort_desc", "sqrt", "stddev_over_time", "stdvar_over_time", "sum_over_time", "time", "timestamp", "vector", "year",
    ]
    static let aggregations: Set<String> = [
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
    ]
    static let keywords: Set<String> = [
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset",
        "inf", "nan", "Inf", "NaN",
    ]

    /// Reads `expression`; throws when it cannot be tokenized or its braces do not balance.
    init(expression: String) throws {
        let tokens = try PromQLLexer.tokens(expression)
        var index = 0
        var depth = 0
        while index < tokens.count {
            let token = tokens[index]
            switch token {
            case .identifier(let name) where ["by", "without", "on", "ignoring", "group_left", "group_right"].contains(name):
                if index + 1 < tokens.count, tokens[index + 1] == .symbol("(") {
                    index += 2
                    while index < tokens.count, tokens[index] != .symbol(")") {
                        if case .identifier(let label) = tokens[index] { groupingLabels.insert(label) }
                        index += 1
                    }
                }
            case .identifier(let name) where Self.keywords.contains(name):
                break
            case .identifier(let name) where (Self.functions.contains(name) || Self.aggregations.contains(name))
                && index + 1 < tokens.count && [.symbol("("), .identifier("by"), .identifier("without")].contains(tokens[index + 1]):
                break
            case .identifier(let name):
                var labels = metrics[name] ?? []
                if index + 1 < tokens.count, tokens[index + 1] == .symbol("{") {
                    index += 1
                    let matchers = try Self.matchers(tokens, &index)
                    labels.formUnion(matchers.map(\.label))
                    for matcher in matchers where matcher.label == "le" && matcher.op == "=" {
                        bucketBounds[name, default: []].insert(matcher.value)
                    }
                }
                metrics[name] = labels
            case .symbol("{"):
                // A selector without a metric name: {__name__="x", …}
                let labels = Set(try Self.matchers(tokens, &index).map(\.label))
                if labels.contains("__name__") { metrics["{__name__}", default: []].formUnion(labels) }
            case .symbol("("): depth += 1
            case .symbol(")"): depth -= 1
            default: break
            }
            index += 1
        }
        if depth != 0 { throw PromQLLexer.LexError(description: "unbalanced parentheses") }
    }

    /// The matchers of a `{…}` list starting at `index` (which ends on its `}`).
    static func matchers(_ tokens: [PromQLLexer.Token], _ index: inout Int) throws -> [VectorSelector.Matcher] {
        var matchers: [VectorSelector.Matcher] = []
        index += 1
        while index < tokens.count, tokens[index] != .symbol("}") {
            guard case .identifier(let label) = tokens[index], index + 2 < tokens.count,
                  case .symbol(let op) = tokens[index + 1], ["=", "!=", "=~", "!~"].contains(op),
                  case .string(let value) = tokens[index + 2] else {
                throw PromQLLexer.LexError(description: "a label matcher must look like label=\"value\"")
            }
            matchers.append(VectorSelector.Matcher(label: label, op: op, value: value))
            index += 3
            if index < tokens.count, tokens[index] == .symbol(",") { index += 1 }
        }
        guard index < tokens.count else { throw PromQLLexer.LexError(description: "unclosed {") }
        return matchers
    }
}

/// A series selector as SLO queries are written: `metric{label="value", …}`.
struct VectorSelector {
    struct Matcher: Equatable {
        let label: String
        let op: String
        let value: String

        /// A label value this matcher accepts (regular expressions reduced to one simple match:
        /// the first alternative, `.*`/`.+` → `x`, `.` → `0`).
        var matchingValue: String {
            switch op {
            case "=": return value
            case "=~":
                var text = String(value.split(separator: "|", omittingEmptySubsequences: false).first ?? "")
                for (pattern, replacement) in [("^", ""), ("$", ""), (".*", "x"), (".+", "x"), (".", "0")] {
                    text = text.replacingOccurrences(of: pattern, with: replacement)
                }
                return text
            default: return "sample"
            }
        }

        /// A label value this matcher refuses.
        var refusedValue: String {
            switch op {
            case "=", "=~": return value.first?.isNumber == true ? "200" : "other"
            default: return value.split(separator: "|").first.map(String.init) ?? value
            }
        }
    }

    let metric: String
    let labels: Set<String>
    let matchers: [Matcher]

    init(parsing query: String) throws {
        let tokens = try PromQLLexer.tokens(query)
        guard case .identifier(let metric)? = tokens.first, !ReferencedNames.functions.contains(metric),
              !ReferencedNames.aggregations.contains(metric) else {
            throw PromQLLexer.LexError(description: "it must start with a metric name")
        }
        let names = try ReferencedNames(expression: query)
        guard names.metrics.count == 1, tokens.count == 1 || (tokens[1] == .symbol("{") && tokens.last == .symbol("}")) else {
            throw PromQLLexer.LexError(description: "only one metric name with optional {label matchers} is allowed; the generator adds rate() and sum()")
        }
        self.metric = metric
        self.labels = names.metrics[metric] ?? []
        var matchers: [Matcher] = []
        var index = 2
        while index + 2 < tokens.count {
            if case .identifier(let label) = tokens[index], case .symbol(let op) = tokens[index + 1], case .string(let value) = tokens[index + 2] {
                matchers.append(Matcher(label: label, op: op, value: value))
            }
            index += 4
        }
        self.matchers = matchers
    }

    /// A series (`metric{…}` with concrete values) this selector selects; `except` labels get a value it would refuse.
    func sampleSeries(refusing except: Set<String> = [], extra: [Matcher] = []) -> String {
        let values = matchers.map { ($0.label, except.contains($0.label) ? $0.refusedValue : $0.matchingValue) }
            + extra.map { ($0.label, $0.matchingValue) }
        return "\(metric){\(values.sorted { $0.0 < $1.0 }.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ","))}"
    }
}
