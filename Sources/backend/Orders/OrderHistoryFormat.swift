/// The two forms of an order-history page, chosen by the request's `Accept` header.
enum OrderHistoryFormat: Sendable, Equatable {
    /// `application/json`: the default, for every client that does not ask for the other.
    case json
    /// `text/tab-separated-values`: one line per order, what the ml-service reads (a tenth of the
    /// work to write and to parse of the JSON form).
    case tsv

    static let tsvMediaType = "text/tab-separated-values"

    var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        case .tsv: "\(Self.tsvMediaType); charset=utf-8"
        }
    }

    /// The form `accept` prefers (RFC 9110 §12.5.1: the most specific matching range gives each
    /// form its quality; a tie goes to JSON). JSON when the header is absent, names neither form, or
    /// cannot be parsed: a malformed media range or quality is ignored, not an error.
    static func negotiate(_ accept: String?) -> OrderHistoryFormat {
        guard let accept else { return .json }
        var json = Preference(), tsv = Preference()
        for element in accept.split(separator: ",") {
            guard let range = MediaRange(element) else { continue }
            json.consider(range, type: "application", subtype: "json")
            tsv.consider(range, type: "text", subtype: "tab-separated-values")
        }
        return tsv.quality > json.quality ? .tsv : .json
    }

    /// The quality a form gets from the most specific range that matches it (0 when none does).
    private struct Preference {
        var specificity = -1
        var quality = 0.0

        mutating func consider(_ range: MediaRange, type: String, subtype: String) {
            let rangeSpecificity: Int
            switch (range.type, range.subtype) {
            case (type, subtype): rangeSpecificity = 2
            case (type, "*"): rangeSpecificity = 1
            case ("*", "*"): rangeSpecificity = 0
            default: return
            }
            if rangeSpecificity > specificity {
                specificity = rangeSpecificity
                quality = range.quality
            }
        }
    }

    /// One `type/subtype;param=value;q=0.5` element; nil when it is not well formed.
    private struct MediaRange {
        let type: Substring
        let subtype: Substring
        let quality: Double

        init?(_ element: Substring) {
            let parts = element.split(separator: ";", omittingEmptySubsequences: false)
                .map { $0.trimmingASCIISpaces().lowercased()[...] }
            let name = parts[0].split(separator: "/", omittingEmptySubsequences: false)
            guard name.count == 2, name.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isTokenCharacter) }),
                  name[0] != "*" || name[1] == "*" else { return nil }
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2, !pair[0].isEmpty else { return nil }
                if pair[0].trimmingASCIISpaces() == "q" {
                    guard let value = Double(pair[1].trimmingASCIISpaces()), (0...1).contains(value) else { return nil }
                    quality = value
                }
            }
            (type, subtype, self.quality) = (name[0], name[1], quality)
        }

        private static func isTokenCharacter(_ character: Character) -> Bool {
            guard character.isASCII, let ascii = character.asciiValue, ascii > 0x20, ascii < 0x7F else { return false }
            return !"()<>@,;:\\\"/[]?={}".contains(character)
        }
    }
}

extension Substring {
    fileprivate func trimmingASCIISpaces() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
