import FoundationEssentials

/// Any JSON value, for comparing a request body with what its type understood.
enum JSONValue: Decodable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// Paths (`a.b`, `items[0].c`) of object keys in `self` that `understood` lacks; explicit
    /// nulls are not reported, because an optional field left out and one sent as null look alike.
    func unknownKeys(comparedWith understood: JSONValue, path: String = "") -> [String] {
        switch (self, understood) {
        case (.object(let sent), .object(let known)):
            return sent.keys.sorted().flatMap { key -> [String] in
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                guard let knownValue = known[key] else { return sent[key] == .null ? [] : [keyPath] }
                return sent[key]!.unknownKeys(comparedWith: knownValue, path: keyPath)
            }
        case (.array(let sent), .array(let known)) where sent.count == known.count:
            return zip(sent, known).enumerated().flatMap { index, pair in
                pair.0.unknownKeys(comparedWith: pair.1, path: "\(path)[\(index)]")
            }
        default:
            return []
        }
    }
}
