import TestSupport
import Foundation
import Telemetry
import Testing

@Suite("GET /metrics of the real services")
struct MetricsEndpointTests {
    static let services = ["backend", "ml-service", "frontend"]

    /// Drives traffic that produces every metric family the kit emits: matched routes, a 404, a scrape.
    static func driveTraffic(_ service: ServiceProcess) async throws {
        _ = try await HTTP.get("\(service.baseURL)/healthz")
        _ = try await HTTP.get("\(service.baseURL)/readyz")
        _ = try await HTTP.get("\(service.baseURL)/no/such/page")
        _ = try await HTTP.send(.POST, "\(service.baseURL)/healthz")
        _ = try await HTTP.get("\(service.baseURL)/metrics")
    }

    @Test("promtool check metrics reports nothing", arguments: services)
    func promtoolAcceptsExposition(executable: String) async throws {
        let service = try await ServiceProcess(executable)
        try await Self.driveTraffic(service)
        let scrape = try await HTTP.get("\(service.baseURL)/metrics")
        #expect(scrape.status == .ok)
        #expect(scrape.headers["Content-Type"].first == "text/plain; version=0.0.4; charset=utf-8")
        for family in ["http_server_request_duration_seconds_bucket", "http_server_active_requests", "process_cpu_seconds_total",
                       "process_resident_memory_bytes", "process_virtual_memory_bytes", "process_open_fds",
                       "process_max_fds", "process_start_time_seconds", "shopmicro_build_info"] {
            #expect(scrape.text.contains("\n\(family)"), "missing \(family)")
        }
        #expect(scrape.text.contains(#"http_route="/healthz""#))
        #expect(scrape.text.contains(#"http_route="unmatched",http_response_status_code="404""#))
        let lint = try await Tool.run("/usr/bin/promtool", ["check", "metrics"], stdin: scrape.body)
        #expect(lint.status == 0, "promtool: \(lint.output)")
        #expect(lint.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "promtool: \(lint.output)")
    }

    @Test("METRICS_PORT moves /metrics to its own listener: absent from the service port, which still works")
    func separateMetricsPort() async throws {
        let metricsPort = try FreePort.find()
        let service = try await ServiceProcess("frontend", environment: ["METRICS_PORT": String(metricsPort)])
        #expect(try await HTTP.get("\(service.baseURL)/healthz").status == .ok)
        #expect(try await HTTP.get("\(service.baseURL)/metrics").status == .notFound)
        let scrape = try await HTTP.get("http://127.0.0.1:\(metricsPort)/metrics")
        #expect(scrape.status == .ok)
        #expect(scrape.text.contains(#"http_route="/healthz""#), "requests on the service port are counted")
        #expect(try await HTTP.get("http://127.0.0.1:\(metricsPort)/healthz").status == .notFound)
        #expect(try await service.stop() == 0, "both listeners stop on SIGTERM")
    }

    @Test("gzip only when asked, and it decompresses to the same exposition")
    func gzipWhenAccepted() async throws {
        let service = try await ServiceProcess("backend")
        try await Self.driveTraffic(service)
        let gzipped = try await HTTP.get("\(service.baseURL)/metrics", headers: [("Accept-Encoding", "gzip")])
        let plain = try await HTTP.get("\(service.baseURL)/metrics")
        #expect(gzipped.headers["Content-Encoding"].first == "gzip")
        #expect(gzipped.headers["Vary"].first == "Accept, Accept-Encoding")
        #expect(plain.headers["Content-Encoding"].isEmpty)
        #expect(plain.headers["Vary"].first == "Accept, Accept-Encoding")
        #expect(gzipped.body.count < plain.body.count / 3)

        let inflated = try Gzip.decompress(gzipped.body)
        // Values move between two scrapes; the series (names and labels) must be the same.
        #expect(Exposition.seriesNames(inflated) == Exposition.seriesNames(plain.body))
        // The system's gzip agrees that the body is a valid gzip member.
        let system = try await Tool.run("/bin/sh", ["-c", "gzip -t && echo ok"], stdin: gzipped.body)
        #expect(system.output.contains("ok"), "gzip -t: \(system.output)")

        let refused = try await HTTP.get("\(service.baseURL)/metrics", headers: [("Accept-Encoding", "gzip;q=0, identity")])
        #expect(refused.headers["Content-Encoding"].isEmpty)
    }

    @Test("2,000 requests to random unknown paths add no series")
    func randomPathsDoNotCreateSeries() async throws {
        let service = try await ServiceProcess("backend")
        try await Self.driveTraffic(service)
        _ = try await HTTP.get("\(service.baseURL)/\(UUID().uuidString)")
        let before = Exposition.seriesNames(try await HTTP.get("\(service.baseURL)/metrics").body)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in 0..<250 {
                        let path = "/\(worker)/\(index)/\(UUID().uuidString)?q=\(index)"
                        let reply = try await HTTP.get(service.baseURL + path)
                        #expect(reply.status == .notFound)
                    }
                }
            }
            try await group.waitForAll()
        }
        let after = Exposition.seriesNames(try await HTTP.get("\(service.baseURL)/metrics").body)
        #expect(before == after, "new series: \(after.subtracting(before).sorted().prefix(5))")
        #expect(before.count > 20)
    }
}

/// Reads Prometheus text exposition.
enum Exposition {
    /// The set of series (metric name with its labels), values dropped.
    static func seriesNames(_ body: [UInt8]) -> Set<String> {
        Set(String(decoding: body, as: UTF8.self).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " ") else { return nil }
            return String(line[..<space])
        })
    }
}
