import Logging
import W3CTraceContext

/// Builds one JSON object as UTF-8 bytes, escaping strings per RFC 8259.
struct JSONLineEncoder {
    private static let hexDigits = Array("0123456789abcdef".utf8)
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Adds `"key":"value"`.
    mutating func field(_ key: String, _ value: String) {
        startField(key)
        appendString(value)
    }

    /// Adds `"key":literal`, for a literal already known to be a JSON number or boolean.
    mutating func literalField(_ key: String, _ literal: String) {
        startField(key)
        var literal = literal
        literal.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Adds `"key":"<32 hex digits>"`, straight from the id's bytes.
    mutating func field(_ key: String, traceID: TraceID) {
        startField(key)
        traceID.withSpan { appendHex($0) }
    }

    /// Adds `"key":"<16 hex digits>"`, straight from the id's bytes.
    mutating func field(_ key: String, spanID: SpanID) {
        startField(key)
        spanID.withSpan { appendHex($0) }
    }

    private mutating func appendHex(_ span: Span<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        for index in span.indices {
            bytes.append(Self.hexDigits[Int(span[index] >> 4)])
            bytes.append(Self.hexDigits[Int(span[index] & 0xF)])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Adds `"key":"<now as RFC 3339>"`.
    mutating func timestampField(_ key: String) {
        startField(key)
        bytes.append(UInt8(ascii: "\""))
        RFC3339Timestamp.appendNow(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Adds a logger metadata value: strings as strings, arrays and dictionaries as JSON, and
    /// string-convertible values whose text is a JSON number or boolean (`Int`, `Double`, `Bool`) unquoted.
    mutating func field(_ key: String, metadata value: Logger.MetadataValue) {
        startField(key)
        appendMetadata(value)
    }

    /// Closes the object and ends the line.
    mutating func finishLine() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private mutating func startField(_ key: String) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
        appendString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func appendMetadata(_ value: Logger.MetadataValue) {
        switch value {
        case .string(let string):
            appendString(string)
        case .stringConvertible(let convertible):
            // The text decides, not a dynamic cast: casting an existential costs more than encoding the line.
            var text = convertible.description
            if JSONLiteral.isNumberOrBoolean(text) {
                text.withUTF8 { bytes.append(contentsOf: $0) }
            } else {
                appendString(text)
            }
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendMetadata(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendString(key)
                bytes.append(UInt8(ascii: ":"))
                appendMetadata(dictionary[key]!)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a quoted JSON string. Swift strings are valid UTF-8, so non-ASCII passes through as is;
    /// quotes, backslashes and control characters are escaped.
    mutating func appendString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            // Copy runs of bytes that need no escaping in one go; escape the rest.
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscaped(byte)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        bytes.append(0x5C)
        switch byte {
        case 0x22: bytes.append(0x22)
        case 0x5C: bytes.append(0x5C)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                      Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0xF)]])
        }
    }
}
