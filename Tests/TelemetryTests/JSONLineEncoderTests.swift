import Foundation
import Logging
import Testing
@testable import Telemetry

/// The exact bytes of the JSON line writer: escaping around its eight-byte scan, numbers written
/// without `description`, key order, and lines that outgrow the first allocation.
@Suite("JSON line bytes")
struct JSONLineEncoderTests {
    static func line(_ message: String = "m", metadata: Logger.Metadata, trace: TraceIdentity? = nil,
                     service: String = "svc", label: String = "l") -> String {
        let event = LogEvent(level: .info, message: "\(message)", metadata: nil, source: nil,
                             file: #fileID, function: #function, line: #line)
        let bytes = JSONLogHandler.encode(event, service: service, label: label, metadata: metadata, trace: trace)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The line without its timestamp field (the only part that changes between runs).
    static func withoutTimestamp(_ line: String) -> String {
        line.replacing(/^\{"timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",/, with: "{")
    }

    /// RFC 8259 escaping written the slow, obvious way: the reference for the writer's fast path.
    static func reference(_ text: String) -> String {
        var out = "\""
        for byte in text.utf8 {
            switch byte {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F: out += String(format: "\\u%04x", byte)
            default: out.unicodeScalars.append(UnicodeScalar(byte))  // ASCII only here; see below
            }
        }
        return out + "\""
    }

    /// The expected text of a string field, for any string (non-ASCII passes through unchanged).
    static func expectedString(_ text: String) -> String {
        var out = ""
        var plain = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                plain.unicodeScalars.append(scalar)
            } else {
                out += String(reference(plain).dropFirst().dropLast())
                plain = ""
                out.unicodeScalars.append(scalar)
            }
        }
        return "\"" + out + String(reference(plain).dropFirst().dropLast()) + "\""
    }

    @Test("a whole line, byte for byte: fields in order, metadata keys sorted, each kind of value")
    func wholeLine() {
        struct Text: CustomStringConvertible { let description: String }
        let trace = TraceIdentity(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7")
        let metadata: Logger.Metadata = [
            "z_last": "end", "a_first": "start", "count": .stringConvertible(42), "negative": .stringConvertible(-7),
            "ratio": .stringConvertible(0.1), "tiny": .stringConvertible(1e-7), "huge": .stringConvertible(1e16),
            "nan": .stringConvertible(Double.nan), "inf": .stringConvertible(Double.infinity),
            "minus_inf": .stringConvertible(-Double.infinity), "ok": .stringConvertible(true),
            "not_a_number": .stringConvertible(Text(description: "12abc")),
            "looks_like_one": .stringConvertible(Text(description: "-2.5e+3")),
            "nested": .dictionary(["b": .array([.string("x"), .stringConvertible(1), .dictionary([:])]),
                                   "a": .dictionary(["y": .stringConvertible(false)])]),
            "empty_list": .array([]),
            "level": "metadata never overwrites a record field", "trace_id": "nor this",
        ]
        let expected = #"{"level":"info","message":"hello \"world\"","service":"backend","logger":"access","#
            + #""trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","#
            + #""a_first":"start","count":42,"empty_list":[],"huge":1e+16,"inf":"inf","looks_like_one":-2.5e+3,"#
            + #""minus_inf":"-inf","nan":"nan","negative":-7,"nested":{"a":{"y":false},"b":["x",1,{}]},"#
            + #""not_a_number":"12abc","ok":true,"ratio":0.1,"tiny":1e-07,"z_last":"end"}"# + "\n"
        let line = Self.line("hello \"world\"", metadata: metadata, trace: trace, service: "backend", label: "access")
        #expect(Self.withoutTimestamp(line) == expected)
        #expect(line.hasPrefix(#"{"timestamp":""#))
    }

    @Test("every integer type is written as its decimal text, from the smallest to the largest value")
    func integers() {
        let values: [(any CustomStringConvertible & Sendable, String)] = [
            (0, "0"), (9, "9"), (10, "10"), (-1, "-1"), (99, "99"), (100, "100"), (1_000_000_007, "1000000007"),
            (Int.max, "9223372036854775807"), (Int.min, "-9223372036854775808"),
            (UInt64.max, "18446744073709551615"), (UInt.max, "18446744073709551615"), (UInt64(0), "0"),
            (Int64.min, "-9223372036854775808"), (Int32.min, "-2147483648"), (Int32.max, "2147483647"),
            (UInt32.max, "4294967295"), (Int16.min, "-32768"), (UInt16.max, "65535"),
            (Int8.min, "-128"), (UInt8.max, "255"),
        ]
        for (value, text) in values {
            #expect(Self.withoutTimestamp(Self.line(metadata: ["v": .stringConvertible(value)]))
                    == #"{"level":"info","message":"m","service":"svc","logger":"l","v":\#(text)}"# + "\n",
                    "\(type(of: value)) \(text)")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let value = Int.random(in: .min ... .max, using: &generator) >> Int.random(in: 0...63, using: &generator)
            let line = Self.line(metadata: ["v": .stringConvertible(value)])
            #expect(line.hasSuffix(#","v":\#(value)}"# + "\n"), "\(value)")
        }
    }

    @Test("doubles and floats: finite values as Swift's shortest text unquoted, NaN and infinities as strings")
    func floatingPoint() throws {
        let doubles: [Double] = [0.1, 1e-7, 0.00123, -0.0, 0, 1, 1.5, 100, 1e16, 1e-16, 123_456.789, .pi,
                                 .greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNormalMagnitude,
                                 .nan, -.nan, .infinity, -.infinity]
        for value in doubles {
            let expected = value.isFinite ? value.description : "\"\(value.description)\""
            #expect(Self.line(metadata: ["v": .stringConvertible(value)]).hasSuffix(#","v":\#(expected)}"# + "\n"),
                    "\(value)")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let value = Double(bitPattern: UInt64.random(in: .min ... .max, using: &generator))
            let line = Self.line(metadata: ["v": .stringConvertible(value)])
            let expected = value.isFinite ? value.description : "\"\(value.description)\""
            #expect(line.hasSuffix(#","v":\#(expected)}"# + "\n"), "\(value)")
            if value.isFinite {  // the text reads back as the same double (Foundation's parser rounds: not used)
                let literal = try #require(line.split(separator: ":").last?.dropLast(2))
                #expect(Double(String(literal)) == value, "\(literal)")
            }
        }
        let floats: [Float] = [0.1, 1e-7, 3.4028235e38, .nan, -.infinity]
        for value in floats {
            let expected = value.isFinite ? value.description : "\"\(value.description)\""
            #expect(Self.line(metadata: ["v": .stringConvertible(value)]).hasSuffix(#","v":\#(expected)}"# + "\n"))
        }
    }

    @Test("escaping is exact for a character needing it at every offset around the eight-byte scan", arguments: [
        "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", " ", "~", "é", "日", "🛒", "\u{2028}",
    ])
    func escapingAtEveryOffset(special: String) {
        for prefix in 0...24 {
            for suffix in [0, 1, 7, 8, 9] {
                let text = String(repeating: "a", count: prefix) + special + String(repeating: "b", count: suffix)
                let line = Self.line(text, metadata: ["k": .string(text + special)])
                let expected = #"{"level":"info","message":\#(Self.expectedString(text)),"service":"svc","logger":"l","#
                    + #""k":\#(Self.expectedString(text + special))}"# + "\n"
                #expect(Self.withoutTimestamp(line) == expected, "prefix \(prefix), suffix \(suffix)")
            }
        }
    }

    @Test("a line larger than its first allocation is complete and exact (long messages, many escapes, many keys)")
    func lineOutgrowingItsAllocation() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abc xyz\"\\\n\t\u{1}\u{7F}é🛒".unicodeScalars)
        for length in [100, 511, 512, 513, 2_000, 20_000] {
            var text = ""
            for _ in 0..<length { text.unicodeScalars.append(alphabet.randomElement(using: &generator)!) }
            let escapes = String(repeating: "\u{1}", count: length)  // six bytes out for each byte in
            var metadata: Logger.Metadata = ["text": .string(text), "escapes": .string(escapes)]
            for index in 0..<40 { metadata["key\(index)"] = .stringConvertible(index * 1_000_003) }
            let line = Self.line(text, metadata: metadata)
            var expected = #"{"level":"info","message":\#(Self.expectedString(text)),"service":"svc","logger":"l","#
                + #""escapes":\#(Self.expectedString(escapes)),"#
            for index in (0..<40).sorted(by: { "key\($0)" < "key\($1)" }) {
                expected += #""key\#(index)":\#(index * 1_000_003),"#
            }
            expected += #""text":\#(Self.expectedString(text))}"# + "\n"
            #expect(Self.withoutTimestamp(line) == expected, "length \(length)")
            let parsed = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(parsed["message"] as? String == text)
        }
    }

    @Test("metadata keys come out in String order, non-ASCII and unnormalised keys included", arguments: [2, 5, 9, 16, 17, 23])
    func keyOrder(count: Int) {
        // Keys sharing their first eight bytes, keys that are prefixes of others, a NUL, and keys whose
        // order `String` decides on normalised text ("e" + combining acute sorts as "é", after "f").
        let keys = ["http_route", "e\u{301}", "f", "http_response_status_code", "a\u{0}", "a", "é", "http_request_method",
                    "duration_seconds", "url_path", "b", "B", "_", "aa", "a_b", "ab", "e\u{301}x", "z", "日本", "🛒", "Z9",
                    "http_rou", "http_routes"]
        var metadata: Logger.Metadata = [:]
        for key in keys.prefix(count) { metadata[key] = .string(key) }
        let line = Self.withoutTimestamp(Self.line(metadata: metadata))
        var expected = #"{"level":"info","message":"m","service":"svc","logger":"l""#
        for key in metadata.keys.sorted() { expected += ",\(Self.expectedString(key)):\(Self.expectedString(key))" }
        #expect(line == expected + "}\n")
    }

    @Test("only the record's own field names are reserved", arguments: [
        ("timestamp", true), ("level", true), ("message", true), ("service", true), ("logger", true), ("trace_id", true),
        ("span_id", true), ("error", true), ("Level", false), ("levels", false), ("leve", false), ("errors", false),
        ("trace_ids", false), ("spanid", false), ("message ", false), ("", false), ("timestamp_", false),
    ])
    func reservedKeys(key: String, reserved: Bool) {
        #expect(LogRecordFields.isReserved(key) == reserved)
        #expect(LogRecordFields.reserved.contains(key) == reserved)
        let line = Self.line(metadata: [key: "from metadata"])
        #expect(line.contains("from metadata") == !reserved)
    }

    @Test("each level is written under its swift-log name")
    func levelNames() {
        for level in Logger.Level.allCases {
            #expect(level.jsonName.description == level.rawValue)
            let event = LogEvent(level: level, message: "m", metadata: nil, source: nil, file: #fileID, function: #function, line: #line)
            let line = String(decoding: JSONLogHandler.encode(event, service: "s", label: "l", metadata: [:], trace: nil), as: UTF8.self)
            #expect(line.contains(#","level":"\#(level.rawValue)","message":"#))
        }
    }
}
