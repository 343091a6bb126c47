import Foundation
import Logging
import Testing
@testable import Telemetry

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    static func event(_ message: String, level: Logger.Level = .info) -> LogEvent {
        LogEvent(level: level, message: "\(message)", metadata: nil, source: nil, file: #fileID, function: #function, line: #line)
    }

    static func parse(_ line: [UInt8]) throws -> [String: Any] {
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false, "a record must be one line")
        return try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
    }

    @Test("quotes, backslashes, control characters and non-ASCII survive a round trip", arguments: [
        "plain", "quote \" inside", "back\\slash", "new\nline and\r\ncrlf", "tab\tbell\u{07}nul\u{00}esc\u{1B}del\u{7F}",
        "é ü ß 日本語 🛒 \u{2028}", "{\"json\":\"in json\"}", "",
    ])
    func escaping(text: String) throws {
        let metadata: Logger.Metadata = ["detail": .string(text), "nested": .dictionary(["list": .array([.string(text)])])]
        let line = JSONLogHandler.encode(Self.event(text), service: "svc", label: "test", metadata: metadata, trace: nil)
        let record = try Self.parse(line)
        #expect(record["message"] as? String == text)
        #expect(record["detail"] as? String == text)
        let nested = try #require(record["nested"] as? [String: Any])
        #expect((nested["list"] as? [String])?.first == text)
    }

    @Test("records carry the contract's fields, trace ids inside a span, and numbers as numbers")
    func fields() throws {
        let trace = TraceIdentity(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7")
        let metadata: Logger.Metadata = ["count": .stringConvertible(3), "ratio": .stringConvertible(0.25),
                                         "level": "metadata cannot overwrite the level"]
        let record = try Self.parse(JSONLogHandler.encode(Self.event("hello", level: .warning), service: "backend",
                                                          label: "access", metadata: metadata, trace: trace))
        #expect(record["level"] as? String == "warning")
        #expect(record["service"] as? String == "backend")
        #expect(record["trace_id"] as? String == trace.traceID)
        #expect(record["span_id"] as? String == trace.spanID)
        #expect(record["count"] as? Int == 3)
        #expect(record["ratio"] as? Double == 0.25)
        let timestamp = try #require(record["timestamp"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil)
        #expect(RFC3339Timestamp.format(seconds: 1_764_118_923, milliseconds: 7) == "2025-11-26T01:02:03.007Z")
    }

    @Test("string-convertible values are numbers or booleans only when their text is a JSON literal", arguments: [
        ("42", true), ("-0.25", true), ("1e-05", true), ("2.5E+10", true), ("0", true), ("true", true), ("false", true),
        ("007", false), ("1.", false), (".5", false), ("-", false), ("inf", false), ("nan", false), ("1e", false),
        ("12abc", false), ("", false), ("True", false), ("0x1F", false),
    ])
    func literalDetection(text: String, isLiteral: Bool) throws {
        #expect(JSONLiteral.isNumberOrBoolean(text) == isLiteral)
        struct Text: CustomStringConvertible { let description: String }
        let line = JSONLogHandler.encode(Self.event("m"), service: "s", label: "l",
                                         metadata: ["value": .stringConvertible(Text(description: text))], trace: nil)
        let record = try Self.parse(line)
        if isLiteral {
            #expect(!(record["value"] is String))
        } else {
            #expect(record["value"] as? String == text)
        }
    }

    @Test("concurrent writers never interleave lines")
    func concurrentLinesDoNotInterleave() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(fd >= 0)
        let writer = FileDescriptorWriter(fileDescriptor: fd)
        let long = String(repeating: "x", count: 10_000)  // larger than a pipe's atomic write
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<16 {
                group.addTask {
                    let handler = JSONLogHandler(label: "t\(task)", service: "svc", level: .info, writer: writer)
                    var logger = Logger(label: "t\(task)", factory: { _ in handler })
                    logger[metadataKey: "task"] = .stringConvertible(task)
                    for index in 0..<200 { logger.info("line \(index) \(long)") }
                }
            }
        }
        writer.flush()
        close(fd)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 16 * 200)
        for line in lines {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect((record["message"] as? String)?.hasSuffix(long) == true)
        }
        unlink(path)
    }
}
