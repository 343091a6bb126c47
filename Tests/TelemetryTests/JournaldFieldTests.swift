import Logging
import Testing
@testable import Telemetry

@Suite("journald entry fields")
struct JournaldFieldTests {
    @Test("metadata keys become valid upper-case journal field names", arguments: [
        ("http_route", "HTTP_ROUTE"), ("order.id", "ORDER_ID"), ("_private", "PRIVATE"), ("9lives", "LIVES"), ("é", "FIELD"),
    ])
    func fieldNames(key: String, expected: String) {
        #expect(JournaldLogHandler.fieldName(key) == expected)
    }

    @Test("an entry has MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, TRACE_ID, SPAN_ID and the metadata")
    func entryFields() {
        let event = LogEvent(level: .error, message: "boom", metadata: nil, source: nil, file: #fileID, function: #function, line: #line)
        let fields = JournaldLogHandler.fields(event, identifier: "backend", label: "access", metadata: ["http_route": "/x", "message": "spoof"],
                                               trace: TraceIdentity(traceID: "t", spanID: "s"))
        #expect(fields.contains("MESSAGE=boom"))
        #expect(fields.contains("PRIORITY=3"))
        #expect(fields.contains("SYSLOG_IDENTIFIER=backend"))
        #expect(fields.contains("TRACE_ID=t"))
        #expect(fields.contains("SPAN_ID=s"))
        #expect(fields.contains("HTTP_ROUTE=/x"))
        #expect(!fields.contains("MESSAGE=spoof"))
    }
}
