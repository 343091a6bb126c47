/// A small PromQL tokenizer: enough to find the metric and label names an expression uses and to
/// parse series selectors. Strings, numbers, durations and operators are recognised so that their
/// contents are never mistaken for names.
struct PromQLLexer {
    enum Token: Equatable {
        case identifier(String)
        case string(String)
        case number(String)
        case duration(String)
        case symbol(String)
    }

    struct LexError: Error, CustomStringConvertible {
        let description: String
    }

    /// The tokens of `expression`; Grafana variables (`$__rate_interval`, `${job}`, `$job`) are read
    /// as a duration inside `[…]` and as a string elsewhere.
    static func tokens(_ expression: String) throws -> [Token] {
        var tokens: [Token] = []
        let characters = Array(expression)
        var index = 0
        var bracketDepth = 0
        func isNameStart(_ c: Character) -> Bool { c.isLetter || c == "_" || c == ":" }
        func isNamePart(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == ":" }
        while index < characters.count {
            let c = characters[index]
            if c.isWhitespace { index += 1; continue }
            if c == "#" {  // comment to end of line
                while index < characters.count, characters[index] != "\n" { index += 1 }
                continue
            }
            if c == "\"" || c == "'" || c == "`" {
                var value = ""
                index += 1
                while index < characters.count, characters[index] != c {
                    if characters[index] == "\\", c != "`", index + 1 < characters.count { index += 1 }
                    value.append(characters[index])
                    index += 1
                }
                guard index < characters.count else { throw LexError(description: "unterminated string") }
                index += 1
                tokens.append(.string(value))
                continue
            }
            if c == "$" {
                var name = "$"
                index += 1
                while index < characters.count, isNamePart(characters[index]) || "{}".contains(characters[index]) {
                    name.append(characters[index])
                    index += 1
                }
                tokens.append(bracketDepth > 0 ? .duration(name) : .string(name))
                continue
            }
            if c.isNumber || (c == "." && index + 1 < characters.count && characters[index + 1].isNumber) {
                var value = ""
                while index < characters.count, characters[index].isNumber || characters[index].isLetter || characters[index] == "." {
                    value.append(characters[index])
                    index += 1
                }
                let isDuration = value.last.map { "smhdwy".contains($0) } ?? false && value.first!.isNumber
                tokens.append(isDuration && !value.contains("e") ? .duration(value) : .number(value))
                continue
            }
            if isNameStart(c) {
                var value = ""
                while index < characters.count, isNamePart(characters[index]) {
                    value.append(characters[index])
                    index += 1
                }
                tokens.append(.identifier(value))
                continue
            }
            let two = index + 1 < characters.count ? String(characters[index...index + 1]) : ""
            if ["=~", "!~", "!=", "==", ">=", "<="].contains(two) {
                tokens.append(.symbol(two))
                index += 2
                continue
            }
            guard "(){}[],=<>+-*/%^@:".contains(c) else { throw LexError(description: "unexpected character \"\(c)\"") }
            if c == "[" { bracketDepth += 1 }
            if c == "]" { bracketDepth -= 1 }
            tokens.append(.symbol(String(c)))
            index += 1
        }
        return tokens
    }
}
