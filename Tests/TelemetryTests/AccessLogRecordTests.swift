import Foundation
import Logging
import ServiceContextModule
import Testing
import W3CTraceContext
@testable import Telemetry

@Suite("Access-log lines written directly")
struct AccessLogRecordTests {
    static func withoutTimestamp(_ line: [UInt8]) throws -> [String: NSObject] {
        var object = try #require(JSONSerialization.jsonObject(with: Data(line)) as? [String: NSObject])
        object.removeValue(forKey: "timestamp")
        return object
    }

    @Test("the direct line holds exactly what the general swift-log path writes, in the same order",
          arguments: [(200, false), (503, true), (404, false)])
    func directLineMatchesGeneralPath(status: Int, synthetic: Bool) throws {
        let record = AccessLogRecord(method: "GET", route: "/api/products/{id}", path: "/api/products/\"42\"\u{1}",
                                     status: status, durationNanoseconds: 12_345, responseBytes: 987, synthetic: synthetic)
        var context = ServiceContext.topLevel
        let trace = TraceContext(traceID: TraceID(bytes: (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0xFF)),
                                 spanID: SpanID(bytes: (0xA, 0xB, 0xC, 0xD, 0, 1, 2, 0xFE)), flags: .sampled, state: TraceState())
        context.w3cTraceContext = trace
        let direct = record.jsonLine(service: "backend", label: "access", spanContext: context)
        let event = LogEvent(level: record.level, message: AccessLogRecord.message, metadata: record.metadata,
                             source: nil, file: #fileID, function: #function, line: #line)
        let general = JSONLogHandler.encode(event, service: "backend", label: "access", metadata: record.metadata,
                                            trace: TraceIdentity.of(context))
        #expect(try Self.withoutTimestamp(direct) == (try Self.withoutTimestamp(general)))
        // Same keys in the same order: the lines are equal once the timestamps are cut out.
        let cut = { (line: [UInt8]) in String(decoding: line, as: UTF8.self).replacing(/"timestamp":"[^"]*"/, with: "") }
        #expect(cut(direct) == cut(general))
        #expect(String(decoding: direct, as: UTF8.self).contains(#""trace_id":"0102030405060708090a0b0c0d0e0fff","span_id":"0a0b0c0d000102fe""#))
        #expect(direct.last == UInt8(ascii: "\n"))
    }

    @Test("dates by arithmetic agree with gmtime_r from 1900 to 2200")
    func civilDatesMatchTheCLibrary() {
        var generator = SystemRandomNumberGenerator()
        let samples = (0..<20_000).map { _ in Int.random(in: -2_208_988_800...7_258_118_400, using: &generator) }
            + [0, -1, 86_399, 86_400, 951_782_400, 951_868_799, 4_107_542_400]  // epoch edges, 2000-02-29, 2100-03-01
        for seconds in samples {
            var time = time_t(seconds)
            var parts = tm()
            gmtime_r(&time, &parts)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.000Z", parts.tm_year + 1900, parts.tm_mon + 1,
                                  parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec)
            let formatted = RFC3339Timestamp.format(seconds: time_t(seconds), milliseconds: 0)
            if formatted != expected {
                Issue.record("\(seconds): \(formatted) != \(expected)")
                return
            }
        }
    }
}
