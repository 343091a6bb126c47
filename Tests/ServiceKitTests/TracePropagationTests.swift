import TestSupport
import Foundation
import Testing

@Suite("W3C trace context across real processes")
struct TracePropagationTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let parentSpanID = "00f067aa0ba902b7"
    static let traceparent = "00-\(traceID)-\(parentSpanID)-01"

    @Test("a trace keeps its id through two services and gets a new span id at each hop")
    func twoHopsKeepTraceID() async throws {
        let downstream = try await ServiceProcess("kit-fixture", environment: ["FIXTURE_NAME": "fixture-b"])
        let upstream = try await ServiceProcess("kit-fixture", environment: ["FIXTURE_NAME": "fixture-a", "PEER_URL": downstream.baseURL])
        let reply = try await HTTP.get("\(upstream.baseURL)/chain", headers: [("traceparent", Self.traceparent)])
        #expect(reply.status == .ok, "\(reply.text)")
        let outer = try reply.json()
        let inner = try #require((outer["downstream"] as? [[String: Any]])?.first)
        let innerParent = try #require(inner["receivedTraceparent"] as? String)

        #expect(outer["traceID"] as? String == Self.traceID)
        #expect(inner["traceID"] as? String == Self.traceID)
        #expect(innerParent.hasPrefix("00-\(Self.traceID)-"))
        let spans = [Self.parentSpanID, outer["spanID"] as? String ?? "", String(innerParent.dropFirst(36).prefix(16)),
                     inner["spanID"] as? String ?? ""]
        #expect(Set(spans).count == 4, "span ids must all differ: \(spans)")
        #expect(spans.allSatisfy { $0.count == 16 })
    }

    @Test("an invalid traceparent is ignored and a new trace starts", arguments: [
        "ff-\(traceID)-\(parentSpanID)-01",                       // forbidden version
        "00-00000000000000000000000000000000-\(parentSpanID)-01", // all-zero trace id
        "00-\(traceID)-0000000000000000-01",                      // all-zero span id
        "00-\(traceID)-\(parentSpanID)",                          // too short
        "00-\(traceID)-\(parentSpanID)-01-extra",                 // too long
        "00-4bf92f3577b34da6a3ce929d0e0e47zz-\(parentSpanID)-01", // not hex
        "00_\(traceID)_\(parentSpanID)_01",                       // wrong delimiters
    ])
    func invalidHeaderStartsNewTrace(header: String) async throws {
        let service = try await ServiceProcess("kit-fixture")
        let reply = try await HTTP.get("\(service.baseURL)/trace", headers: [("traceparent", header)])
        let echo = try reply.json()
        let traceID = try #require(echo["traceID"] as? String)
        #expect(traceID.count == 32)
        #expect(traceID != Self.traceID)
        #expect(traceID != String(repeating: "0", count: 32))
        #expect(traceID.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test("error bodies carry the request's trace id")
    func errorBodyCarriesTraceID() async throws {
        let service = try await ServiceProcess("backend")
        let reply = try await HTTP.get("\(service.baseURL)/api/unknown", headers: [("traceparent", Self.traceparent)])
        #expect(reply.status == .notFound)
        #expect(reply.headers["Content-Type"].first?.hasPrefix("application/json") == true)
        let error = try #require(try reply.json()["error"] as? [String: Any])
        #expect(error["code"] as? String == "not_found")
        #expect(error["trace_id"] as? String == Self.traceID)
        #expect((error["message"] as? String)?.isEmpty == false)
    }

    @Test("with an OTLP endpoint, spans reach a real OTLP/HTTP receiver with their parents")
    func spansExportedOverOTLP() async throws {
        let receiver = try OTLPReceiver()
        let exporting = ["OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint, "OTEL_BSP_SCHEDULE_DELAY": "100"]
        let downstream = try await ServiceProcess("kit-fixture", environment: exporting.merging(["FIXTURE_NAME": "otlp-b"]) { $1 })
        let upstream = try await ServiceProcess("kit-fixture", environment: exporting.merging(
            ["FIXTURE_NAME": "otlp-a", "PEER_URL": downstream.baseURL]) { $1 })
        let reply = try await HTTP.get("\(upstream.baseURL)/chain", headers: [("traceparent", Self.traceparent)])
        #expect(reply.status == .ok)

        let spans = try await receiver.waitForSpans(traceID: Self.traceID, count: 3)
        let server = try #require(spans.first { $0["service"] as? String == "otlp-a" && $0["kind"] as? Int == 2 })
        let client = try #require(spans.first { $0["service"] as? String == "otlp-a" && $0["kind"] as? Int == 3 })
        let remote = try #require(spans.first { $0["service"] as? String == "otlp-b" && $0["kind"] as? Int == 2 })
        #expect(server["parent_span_id"] as? String == Self.parentSpanID)
        #expect(client["parent_span_id"] as? String == server["span_id"] as? String)
        #expect(remote["parent_span_id"] as? String == client["span_id"] as? String)
        #expect((server["name"] as? String) == "GET /chain")
    }
}
