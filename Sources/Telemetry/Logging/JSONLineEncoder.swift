import Logging
import W3CTraceContext

/// Builds one JSON object as UTF-8 bytes, escaping strings per RFC 8259.
///
/// The bytes go straight into the storage of the array that `line(capacity:_:)` returns, through a
/// pointer: each write checks only that it fits (no uniqueness or growth check of an array per
/// append). A line longer than the estimate moves on to a larger buffer and is copied out at the end.
struct JSONLineEncoder: ~Copyable {
    static var hexDigits: StaticString { "0123456789abcdef" }

    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Set once the line outgrew the array it started in and `base` is a buffer of its own.
    private var ownsStorage = false
    private var needsComma = false

    private init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        base = buffer.baseAddress!
        capacity = buffer.count
    }

    deinit {
        if ownsStorage { base.deallocate() }
    }

    /// The line `body` writes between `{` and `}\n`, in an array allocated once for `capacity` bytes
    /// when the estimate holds.
    static func line(capacity: Int, _ body: (inout JSONLineEncoder) -> Void) -> [UInt8] {
        var outgrown: [UInt8]?
        let line = [UInt8](unsafeUninitializedCapacity: max(capacity, 64)) { buffer, initialized in
            var encoder = JSONLineEncoder(buffer)
            encoder.byte(UInt8(ascii: "{"))
            body(&encoder)
            encoder.reserve(2)
            encoder.byte(UInt8(ascii: "}"))
            encoder.byte(UInt8(ascii: "\n"))
            if encoder.ownsStorage {
                outgrown = [UInt8](UnsafeBufferPointer(start: encoder.base, count: encoder.count))
                initialized = 0
            } else {
                initialized = encoder.count
            }
        }
        return outgrown ?? line
    }

    // MARK: Fields

    /// Adds `"key":"value"` for one of the record's own fields (a key that needs no escaping).
    mutating func field(_ key: StaticString, _ value: String) {
        startField(key)
        appendString(value)
    }

    /// Adds `"key":"value"` for a value known to need no escaping (a level name, a fixed word).
    mutating func field(_ key: StaticString, plain value: StaticString) {
        startField(key)
        reserve(value.utf8CodeUnitCount + 2)
        byte(UInt8(ascii: "\""))
        bytes(value)
        byte(UInt8(ascii: "\""))
    }

    /// Adds `"key":<decimal digits>`.
    mutating func field(_ key: StaticString, integer value: Int) {
        startField(key)
        appendInteger(Int64(value))
    }

    /// Adds `"key":<number>`, or the value's text as a string when it is NaN or infinite.
    mutating func field(_ key: StaticString, double value: Double) {
        startField(key)
        appendDouble(value)
    }

    /// Adds `"key":true` or `"key":false`.
    mutating func field(_ key: StaticString, bool value: Bool) {
        startField(key)
        appendBool(value)
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

    /// Adds `"key":"<now as RFC 3339>"`.
    mutating func timestampField(_ key: StaticString) {
        startField(key)
        reserve(RFC3339Timestamp.length + 2)
        byte(UInt8(ascii: "\""))
        RFC3339Timestamp.writeNow(to: base + count)
        count += RFC3339Timestamp.length
        byte(UInt8(ascii: "\""))
    }

    /// Adds a logger metadata value under a metadata key: strings as strings, arrays and dictionaries
    /// as JSON, and string-convertible values whose text is a JSON number or boolean (`Int`, `Double`,
    /// `Bool`) unquoted.
    mutating func field(_ key: String, metadata value: Logger.MetadataValue) {
        if needsComma { reserve(1); byte(UInt8(ascii: ",")) }
        needsComma = true
        appendString(key)
        reserve(1)
        byte(UInt8(ascii: ":"))
        appendMetadata(value)
    }

    /// `,"key":` in one copy: the record's own keys are plain ASCII.
    private mutating func startField(_ key: StaticString) {
        reserve(key.utf8CodeUnitCount + 4)
        if needsComma { byte(UInt8(ascii: ",")) }
        needsComma = true
        byte(UInt8(ascii: "\""))
        bytes(key)
        byte(UInt8(ascii: "\""))
        byte(UInt8(ascii: ":"))
    }

    // MARK: Values

    private mutating func appendMetadata(_ value: Logger.MetadataValue) {
        switch value {
        case .string(let string):
            appendString(string)
        case .stringConvertible(let convertible):
            appendConvertible(convertible)
        case .array(let values):
            reserve(1)
            byte(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { reserve(1); byte(UInt8(ascii: ",")) }
                appendMetadata(element)
            }
            reserve(1)
            byte(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            reserve(1)
            byte(UInt8(ascii: "{"))
            var first = true
            MetadataOrder.forEachSorted(dictionary) { key, value in
                if !first { reserve(1); byte(UInt8(ascii: ",")) }
                first = false
                appendString(key)
                reserve(1)
                byte(UInt8(ascii: ":"))
                appendMetadata(value)
            }
            reserve(1)
            byte(UInt8(ascii: "}"))
        }
    }

    /// Integers, floating-point numbers and booleans are written from their values (the type is read
    /// from the opened existential, no dynamic cast); anything else by its `description`, unquoted
    /// when that text is a JSON number or boolean.
    private mutating func appendConvertible<Value: CustomStringConvertible>(_ value: Value) {
        // Metatype comparisons are pointer comparisons; the bit casts only reinterpret a value of that type.
        if Value.self == Int.self {
            appendInteger(Int64(unsafeBitCast(value, to: Int.self)))
        } else if Value.self == Double.self {
            appendDouble(unsafeBitCast(value, to: Double.self))
        } else if Value.self == Bool.self {
            appendBool(unsafeBitCast(value, to: Bool.self))
        } else if Value.self == Int64.self {
            appendInteger(unsafeBitCast(value, to: Int64.self))
        } else if Value.self == UInt64.self {
            appendDecimal(unsafeBitCast(value, to: UInt64.self))
        } else if Value.self == UInt.self {
            appendDecimal(UInt64(unsafeBitCast(value, to: UInt.self)))
        } else if Value.self == Int32.self {
            appendInteger(Int64(unsafeBitCast(value, to: Int32.self)))
        } else if Value.self == UInt32.self {
            appendDecimal(UInt64(unsafeBitCast(value, to: UInt32.self)))
        } else if Value.self == Float.self {
            appendFloat(unsafeBitCast(value, to: Float.self))
        } else {
            let text = value.description
            if JSONLiteral.isNumberOrBoolean(text) {
                appendRaw(text)
            } else {
                appendString(text)
            }
        }
    }

    private mutating func appendInteger(_ value: Int64) {
        if value < 0 {
            reserve(1)
            byte(UInt8(ascii: "-"))
        }
        appendDecimal(value.magnitude)
    }

    /// Writes the digits of `value` backwards into their place: no intermediate string.
    private mutating func appendDecimal(_ value: UInt64) {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        reserve(digits)
        var position = count + digits
        rest = value
        repeat {
            position -= 1
            base[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        } while rest != 0
        count += digits
    }

    /// A finite double is Swift's shortest round-trip text (always a JSON number, e.g. `0.1`, `1e-07`);
    /// NaN and the infinities, which JSON cannot hold, are written as their text in a string.
    private mutating func appendDouble(_ value: Double) {
        if value.isFinite { appendRaw(value.description) } else { appendString(value.description) }
    }

    private mutating func appendFloat(_ value: Float) {
        if value.isFinite { appendRaw(value.description) } else { appendString(value.description) }
    }

    private mutating func appendBool(_ value: Bool) {
        if value {
            reserve(4)
            bytes("true")
        } else {
            reserve(5)
            bytes("false")
        }
    }

    private mutating func appendHex(_ span: Span<UInt8>) {
        reserve(span.count * 2 + 2)
        byte(UInt8(ascii: "\""))
        let digits = Self.hexDigits.utf8Start
        for index in span.indices {
            base[count] = digits[Int(span[index] >> 4)]
            base[count + 1] = digits[Int(span[index] & 0xF)]
            count += 2
        }
        byte(UInt8(ascii: "\""))
    }

    /// Copies text known to be valid JSON as it is.
    private mutating func appendRaw(_ text: String) {
        Self.withUTF8(text) { utf8 in
            reserve(utf8.count)
            copy(utf8)
        }
    }

    /// The string's UTF-8 bytes, without copying the string (native and small strings are contiguous).
    @inline(__always)
    private static func withUTF8(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if text.utf8.withContiguousStorageIfAvailable(body) == nil {
            var text = text
            text.withUTF8(body)
        }
    }

    /// Appends a quoted JSON string. Swift strings are valid UTF-8, so non-ASCII passes through as is;
    /// quotes, backslashes and control characters (and DEL) are escaped.
    mutating func appendString(_ string: String) {
        Self.withUTF8(string) { utf8 in
            // Room for the usual case (nothing to escape); each escape asks for its own.
            reserve(utf8.count + 2)
            byte(UInt8(ascii: "\""))
            // Copy runs of bytes that need no escaping in one go; escape the rest. Eight bytes at a
            // time are skipped when none of them needs escaping.
            var runStart = 0
            var index = 0
            let raw = UnsafeRawPointer(utf8.baseAddress)
            while index < utf8.count {
                if index + 8 <= utf8.count, let raw, !Self.mayNeedEscaping(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                    index += 8
                    continue
                }
                let character = utf8[index]
                if character < 0x20 || character == 0x22 || character == 0x5C || character == 0x7F {
                    // The run fits in what was reserved; the escape and the rest of the string may not.
                    copy(UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    reserve(6 + utf8.count - index)
                    appendEscaped(character)
                    runStart = index + 1
                }
                index += 1
            }
            copy(UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
            byte(UInt8(ascii: "\""))
        }
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

    /// Writes the escape of one byte; the caller reserved six bytes.
    private mutating func appendEscaped(_ character: UInt8) {
        byte(0x5C)
        switch character {
        case 0x22: byte(0x22)
        case 0x5C: byte(0x5C)
        case 0x0A: byte(UInt8(ascii: "n"))
        case 0x0D: byte(UInt8(ascii: "r"))
        case 0x09: byte(UInt8(ascii: "t"))
        default:
            let digits = Self.hexDigits.utf8Start
            byte(UInt8(ascii: "u"))
            byte(UInt8(ascii: "0"))
            byte(UInt8(ascii: "0"))
            byte(digits[Int(character >> 4)])
            byte(digits[Int(character & 0xF)])
        }
    }

    // MARK: Storage

    /// Makes room for `needed` more bytes.
    @inline(__always)
    private mutating func reserve(_ needed: Int) {
        if capacity - count < needed { grow(to: count + needed) }
    }

    @inline(never)
    private mutating func grow(to minimum: Int) {
        let newCapacity = max(minimum, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        if ownsStorage { base.deallocate() }
        base = newBase
        capacity = newCapacity
        ownsStorage = true
    }

    /// Writes one byte; the caller reserved room for it.
    @inline(__always)
    private mutating func byte(_ value: UInt8) {
        base[count] = value
        count += 1
    }

    /// Writes a static string; the caller reserved room for it.
    @inline(__always)
    private mutating func bytes(_ text: StaticString) {
        (base + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        count += text.utf8CodeUnitCount
    }

    /// Writes bytes; the caller reserved room for them.
    @inline(__always)
    private mutating func copy(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let start = buffer.baseAddress, !buffer.isEmpty else { return }
        (base + count).update(from: start, count: buffer.count)
        count += buffer.count
    }
}
