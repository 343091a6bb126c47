import Foundation
import TestSupport
import Testing

@Suite("Exemplars: from a latency bucket to its trace and its log lines")
struct ExemplarTests {
    @Test("Prometheus with exemplar storage scrapes OpenMetrics from the backend; an exemplar's trace id is in the backend's log lines and in the span it exported over OTLP")
    func exemplarLeadsToTraceAndLogs() async throws {
        let receiver = try OTLPReceiver()
        let backend = try await ServiceProcess("backend", environment: [
            "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint, "OTEL_BSP_SCHEDULE_DELAY": "100",
        ])
        let prometheus = try await PrometheusServer(targets: ["backend": backend.baseURL], ruleFiles: [],
                                                    features: ["exemplar-storage"])
        for id in 1...5 {
            #expect(try await HTTP.get("\(backend.baseURL)/api/products/\(id)").status == .ok)
        }

        // The text format stays the default, OpenMetrics only when asked for.
        let text = try await HTTP.get("\(backend.baseURL)/metrics")
        #expect(text.headers["Content-Type"].first?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(!text.text.contains("# {trace_id="))
        let openMetrics = try await HTTP.get("\(backend.baseURL)/metrics", headers: [("Accept", "application/openmetrics-text;version=1.0.0")])
        #expect(openMetrics.headers["Content-Type"].first?.hasPrefix("application/openmetrics-text; version=1.0.0") == true)
        #expect(openMetrics.text.hasSuffix("# EOF\n"))
        #expect(openMetrics.text.contains("# TYPE shopmicro_orders counter\n"))

        var found: [String: Any]?
        let arrived = try await eventually(timeout: .seconds(30)) {
            let series = try await prometheus.exemplars(#"http_server_request_duration_seconds_bucket{job="backend",http_route="/api/products/{id}"}"#)
            found = series.flatMap { $0["exemplars"] as? [[String: Any]] ?? [] }.first
            return found != nil
        }
        #expect(arrived, "no exemplar in Prometheus: \((try? String(contentsOf: prometheus.log, encoding: .utf8)) ?? "")")
        let traceID = try #require((found?["labels"] as? [String: String])?["trace_id"])
        #expect(traceID.count == 32)
        let lines = backend.logRecords().compactMap { $0 }.filter { $0["trace_id"] as? String == traceID }
        #expect(lines.contains { $0["http_route"] as? String == "/api/products/{id}" }, "access line of \(traceID)")
        let spans = try await receiver.waitForSpans(traceID: traceID, count: 1)
        #expect(spans.contains { ($0["name"] as? String) == "GET /api/products/{id}" }, "\(spans)")
    }
}
