import Logging
import W3CTraceContext

/// Builds one JSON object as UTF-8 bytes, escaping strings per RFC 8259.
struct JSONLineEncoder {
    private static let hexDigits = Array("0123456789abcdef".utf8)
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// Room for a typical line (an access line with trace ids is about 350 bytes): one allocation.
    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Adds `"key":"value"` for one of the record's own fields (a key that needs no escaping).
    mutating func field(_ key: StaticString, _ value: String) {
        startField(key)
        appendString(value)
    }

    /// Adds `"key":literal`, for a literal already known to be a JSON number or boolean.
    mutating func literalField(_ key: StaticString, _ literal: String) {
        startField(key)
        var literal = literal
        literal.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Adds `"key":"<32 hex digits>"`, straight from the id's bytes.
    mutating func field(_ key: StaticString, traceID: TraceID) {
        startField(key)
        traceID.withSpan { appendHex($0) }
    }

    /// Adds `"key":"<16 hex digits>"`, straight from the id's bytes.
    mutating func field(_ key: StaticString, spanID: SpanID) {
        startField(key)
        spanID.withSpan { appendHex($0) }
    }

    private mutating func appendHex(_ span: Span<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: span.count * 2 + 2) { hex in
            hex[0] = UInt8(ascii: "\"")
            for index in span.indices {
                hex[1 + 2 * index] = Self.hexDigits[Int(span[index] >> 4)]
                hex[2 + 2 * index] = Self.hexDigits[Int(span[index] & 0xF)]
            }
            hex[hex.count - 1] = UInt8(ascii: "\"")
            bytes.append(contentsOf: hex)
        }
    }

    /// Adds `"key":"<now as RFC 3339>"`.
    mutating func timestampField(_ key: StaticString) {
        startField(key)
        bytes.append(UInt8(ascii: "\""))
        RFC3339Timestamp.appendNow(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Adds a logger metadata value under a metadata key: strings as strings, arrays and dictionaries
    /// as JSON, and string-convertible values whose text is a JSON number or boolean (`Int`, `Double`,
    /// `Bool`) unquoted.
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

    /// `,"key":` in one copy: the record's own keys are plain ASCII.
    private mutating func startField(_ key: StaticString) {
        let length = key.utf8CodeUnitCount
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length + 4) { prefix in
            var index = 0
            if needsComma { prefix[0] = UInt8(ascii: ","); index = 1 }
            prefix[index] = UInt8(ascii: "\"")
            UnsafeMutableBufferPointer(rebasing: prefix[(index + 1)...]).baseAddress!.update(from: key.utf8Start, count: length)
            prefix[index + 1 + length] = UInt8(ascii: "\"")
            prefix[index + 2 + length] = UInt8(ascii: ":")
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: prefix[..<(index + 3 + length)]))
        }
        needsComma = true
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
            // Copy runs of bytes that need no escaping in one go; escape the rest. Eight bytes at a
            // time are skipped when none of them needs escaping (the usual case).
            var runStart = 0
            var index = 0
            let raw = UnsafeRawPointer(utf8.baseAddress)
            while index < utf8.count {
                if index + 8 <= utf8.count, let raw, !Self.mayNeedEscaping(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = utf8[index]
                if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    appendEscaped(byte)
                    runStart = index + 1
                }
                index += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// False when no byte of `word` is a control character, `"`, `\\` or DEL (no false negatives;
    /// a rare false positive only sends the word through the byte-by-byte check).
    @inline(__always)
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        let below20 = (word &- ones &* 0x20) & ~word & highs
        return below20 | hasZeroByte(word ^ (ones &* 0x22)) | hasZeroByte(word ^ (ones &* 0x5C))
            | hasZeroByte(word ^ (ones &* 0x7F)) != 0
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
