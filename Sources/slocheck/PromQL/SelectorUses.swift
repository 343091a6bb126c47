/// Every series selector of a PromQL expression with where it sits: its matchers, the range it is
/// read over (`[5m]`, `[$__rate_interval]`) and the function whose argument it is directly
/// (`rate`, `increase`, `sum`…). Enough for the Grafana dashboard-linter's target rules.
struct SelectorUse: Equatable {
    /// Nil for `{__name__="…"}`.
    let metric: String?
    let matchers: [VectorSelector.Matcher]
    /// The range as written, without brackets; nil for an instant selector.
    let range: String?
    /// The function or aggregation whose parentheses directly enclose the selector.
    let function: String?

    /// Whether a matcher `label op "value"` is among the selector's.
    func has(_ label: String, _ op: String, _ value: String) -> Bool {
        matchers.contains { $0.label == label && $0.op == op && $0.value == value }
    }

    static func all(in expression: String) throws -> [SelectorUse] {
        let tokens = try PromQLLexer.tokens(expression)
        var uses: [SelectorUse] = []
        var owners: [String?] = []  // one per open parenthesis
        var pendingOwner: String?
        var index = 0
        func isCall(_ name: String) -> Bool {
            ReferencedNames.functions.contains(name) || ReferencedNames.aggregations.contains(name)
        }
        while index < tokens.count {
            switch tokens[index] {
            case .identifier(let name) where ["by", "without", "on", "ignoring", "group_left", "group_right"].contains(name):
                // A label list: skip it.
                if index + 1 < tokens.count, tokens[index + 1] == .symbol("(") {
                    index += 2
                    while index < tokens.count, tokens[index] != .symbol(")") { index += 1 }
                }
            case .identifier(let name) where ReferencedNames.keywords.contains(name):
                break
            case .identifier(let name) where isCall(name) && index + 1 < tokens.count
                && [.symbol("("), .identifier("by"), .identifier("without")].contains(tokens[index + 1]):
                pendingOwner = name
            case .identifier(let name):
                var matchers: [VectorSelector.Matcher] = []
                if index + 1 < tokens.count, tokens[index + 1] == .symbol("{") {
                    index += 1
                    matchers = try ReferencedNames.matchers(tokens, &index)
                }
                uses.append(SelectorUse(metric: name, matchers: matchers, range: Self.range(tokens, &index), function: owners.last ?? nil))
            case .symbol("{"):
                let matchers = try ReferencedNames.matchers(tokens, &index)
                uses.append(SelectorUse(metric: nil, matchers: matchers, range: Self.range(tokens, &index), function: owners.last ?? nil))
            case .symbol("("):
                owners.append(pendingOwner)
                pendingOwner = nil
            case .symbol(")"):
                _ = owners.popLast()
            default:
                break
            }
            index += 1
        }
        return uses
    }

    /// The `[…]` right after a selector ending at `index` (moved onto its `]`), as written.
    private static func range(_ tokens: [PromQLLexer.Token], _ index: inout Int) -> String? {
        guard index + 1 < tokens.count, tokens[index + 1] == .symbol("[") else { return nil }
        var text = ""
        var cursor = index + 2
        while cursor < tokens.count, tokens[cursor] != .symbol("]") {
            switch tokens[cursor] {
            case .duration(let value), .identifier(let value), .number(let value), .string(let value), .symbol(let value): text += value
            }
            cursor += 1
        }
        index = cursor
        return text
    }
}
