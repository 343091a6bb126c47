import HTTPTypes
import Testing
import Tracing
@testable import Telemetry

@Suite("W3C trace context")
struct W3CTracerTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"

    func serverSpan(traceparent: String?) -> W3CSpan {
        var fields = HTTPFields()
        if let traceparent { fields[HTTPField.Name("traceparent")!] = traceparent }
        var context = ServiceContext.topLevel
        W3CTracer().extract(fields, into: &context, using: HTTPFieldsExtractor())
        return W3CTracer().startSpan("GET /", context: context, ofKind: .server, at: DefaultTracerClock.now, function: #function, file: #fileID, line: #line)
    }

    @Test("a valid traceparent is continued with a new span id and injected downstream")
    func continuesValidTrace() throws {
        let span = serverSpan(traceparent: "00-\(Self.traceID)-00f067aa0ba902b7-01")
        let identity = try #require(TraceIdentity.of(span.context))
        #expect(identity.traceID == Self.traceID)
        #expect(identity.spanID != "00f067aa0ba902b7")

        var outgoing = HTTPFields()
        W3CTracer().inject(span.context, into: &outgoing, using: HTTPFieldsInjector())
        #expect(outgoing[HTTPField.Name("traceparent")!] == "00-\(Self.traceID)-\(identity.spanID)-01")
    }

    @Test("an invalid traceparent starts a new trace", arguments: [
        "ff-\(traceID)-00f067aa0ba902b7-01", "00-\(String(repeating: "0", count: 32))-00f067aa0ba902b7-01",
        "00-\(traceID)-0000000000000000-01", "00-\(traceID)-00f067aa0ba902b7", "00-\(traceID)-00f067aa0ba902bz-01", "garbage",
    ])
    func invalidStartsNewTrace(header: String) throws {
        let identity = try #require(TraceIdentity.of(serverSpan(traceparent: header).context))
        #expect(identity.traceID != Self.traceID)
        #expect(identity.traceID.count == 32 && identity.spanID.count == 16)
    }

    @Test("two requests without a traceparent get different traces")
    func freshTraces() throws {
        let first = try #require(TraceIdentity.of(serverSpan(traceparent: nil).context))
        let second = try #require(TraceIdentity.of(serverSpan(traceparent: nil).context))
        #expect(first.traceID != second.traceID)
    }
}
