import FoundationEssentials
import Synchronization

/// Any JSON value, for comparing a request body with the fields its type declares.
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

    /// The shape `value` encodes to with `JSONBody.encoder`'s key names, where every field the type
    /// declares is present: an optional that is nil is an explicit `null` (the platform's encoder
    /// leaves it out). Scalars are all `.null`; only objects, arrays and their keys matter here.
    init(declaredFieldsOf value: some Encodable) throws {
        let encoder = FieldsEncoder()
        try value.encode(to: encoder)
        self = encoder.node.value
    }

    /// Paths (`a.b`, `items[0].c`) of object keys in `self` (a request body) that `declared` (from
    /// `init(declaredFieldsOf:)`) lacks, whatever their value: `null` under an undeclared name is
    /// as unknown as any other value.
    func unknownKeys(comparedWith declared: JSONValue, path: String = "") -> [String] {
        switch (self, declared) {
        case (.object(let sent), .object(let known)):
            return sent.keys.sorted().flatMap { key -> [String] in
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                guard let knownValue = known[key] else { return [keyPath] }
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

/// The JSON name `JSONBody.encoder` writes for a coding key (its snake_case conversion), learnt
/// from the encoder itself once per key.
private enum EncodedKeyName {
    private static let cache = Mutex<[String: String]>([:])

    private struct Probe: Encodable {
        let key: String
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            try container.encode(true, forKey: AnyKey(key))
        }
    }

    static func of(_ key: String) -> String {
        if let name = cache.withLock({ $0[key] }) { return name }
        let name = (try? JSONBody.encoder.encode(Probe(key: key)))
            .flatMap { try? JSONDecoder().decode([String: Bool].self, from: $0).keys.first } ?? key
        cache.withLock { $0[key] = name }
        return name
    }
}

private struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// `[String: X]` encodes its keys as they are (the encoder's key strategy does not rename them).
private protocol StringKeyedDictionary {}
extension Dictionary: StringKeyedDictionary where Key == String {}

/// One value of the tree `FieldsEncoder` builds: a scalar until a container is asked of it.
private final class FieldNode {
    var fields: [String: FieldNode]?
    var items: [FieldNode]?

    var value: JSONValue {
        if let fields { return .object(fields.mapValues(\.value)) }
        if let items { return .array(items.map(\.value)) }
        return .null
    }

    func object() -> FieldNode {
        if fields == nil { fields = [:] }
        return self
    }
}

/// An `Encoder` recording the structure of a value, nil optionals included.
private final class FieldsEncoder: Encoder {
    let node: FieldNode
    let codingPath: [any CodingKey]
    /// Keys are written as given ([String: X]) instead of as the platform's encoder renames them.
    let rawKeys: Bool
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: FieldNode = FieldNode(), codingPath: [any CodingKey] = [], rawKeys: Bool = false) {
        self.node = node
        self.codingPath = codingPath
        self.rawKeys = rawKeys
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedFields<Key>(encoder: self, node: node.object()))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.items == nil { node.items = [] }
        return UnkeyedFields(encoder: self, node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleField(encoder: self) }

    /// Encodes `value` into `child`.
    func encode(_ value: some Encodable, into child: FieldNode, key: (any CodingKey)?) throws {
        let encoder = FieldsEncoder(node: child, codingPath: codingPath + (key.map { [$0] } ?? []),
                                    rawKeys: value is StringKeyedDictionary)
        try value.encode(to: encoder)
    }
}

private struct KeyedFields<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: FieldsEncoder
    let node: FieldNode
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func child(_ key: Key) -> FieldNode {
        let name = encoder.rawKeys ? key.stringValue : EncodedKeyName.of(key.stringValue)
        let child = FieldNode()
        node.fields![name] = child
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: String, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { _ = child(key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { _ = child(key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encoder.encode(value, into: child(key), key: key)
    }

    // A nil optional is still a declared field: recorded, unlike the defaults, which skip it.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { _ = child(key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        let node = child(key)
        if let value { try encoder.encode(value, into: node, key: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        FieldsEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        FieldsEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        FieldsEncoder(node: child(Key(stringValue: "super")!), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        FieldsEncoder(node: child(key), codingPath: codingPath + [key])
    }
}

private struct UnkeyedFields: UnkeyedEncodingContainer {
    let encoder: FieldsEncoder
    let node: FieldNode
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { node.items?.count ?? 0 }

    private func next() -> FieldNode {
        let child = FieldNode()
        node.items!.append(child)
        return child
    }

    mutating func encodeNil() throws { _ = next() }
    mutating func encode(_ value: Bool) throws { _ = next() }
    mutating func encode(_ value: String) throws { _ = next() }
    mutating func encode(_ value: Double) throws { _ = next() }
    mutating func encode(_ value: Float) throws { _ = next() }
    mutating func encode(_ value: Int) throws { _ = next() }
    mutating func encode(_ value: Int8) throws { _ = next() }
    mutating func encode(_ value: Int16) throws { _ = next() }
    mutating func encode(_ value: Int32) throws { _ = next() }
    mutating func encode(_ value: Int64) throws { _ = next() }
    mutating func encode(_ value: UInt) throws { _ = next() }
    mutating func encode(_ value: UInt8) throws { _ = next() }
    mutating func encode(_ value: UInt16) throws { _ = next() }
    mutating func encode(_ value: UInt32) throws { _ = next() }
    mutating func encode(_ value: UInt64) throws { _ = next() }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try encoder.encode(value, into: next(), key: nil)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        FieldsEncoder(node: next(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        FieldsEncoder(node: next(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { FieldsEncoder(node: next(), codingPath: codingPath) }
}

private struct SingleField: SingleValueEncodingContainer {
    let encoder: FieldsEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws {}
    mutating func encode(_ value: Bool) throws {}
    mutating func encode(_ value: String) throws {}
    mutating func encode(_ value: Double) throws {}
    mutating func encode(_ value: Float) throws {}
    mutating func encode(_ value: Int) throws {}
    mutating func encode(_ value: Int8) throws {}
    mutating func encode(_ value: Int16) throws {}
    mutating func encode(_ value: Int32) throws {}
    mutating func encode(_ value: Int64) throws {}
    mutating func encode(_ value: UInt) throws {}
    mutating func encode(_ value: UInt8) throws {}
    mutating func encode(_ value: UInt16) throws {}
    mutating func encode(_ value: UInt32) throws {}
    mutating func encode(_ value: UInt64) throws {}
    /// A wrapped value (e.g. a `RawRepresentable` or a custom type) has the shape of what it encodes.
    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: FieldsEncoder(node: encoder.node, codingPath: codingPath, rawKeys: value is StringKeyedDictionary))
    }
}
