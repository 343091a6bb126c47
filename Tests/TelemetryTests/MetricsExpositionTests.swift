import Synchronization
import Foundation
import Testing
@testable import Telemetry

@Suite("Metrics exposition")
struct MetricsExpositionTests {
    @Test("Accept-Encoding parsing", arguments: [
        ("gzip", true), ("gzip, deflate, br", true), ("deflate, GZIP;q=0.5", true), ("*", true),
        ("identity", false), ("gzip;q=0", false), ("gzip; q=0.0, identity", false), ("br", false), ("", false),
    ])
    func acceptsGzip(header: String, expected: Bool) {
        #expect(MetricsExposition.acceptsGzip(header) == expected)
    }

    @Test("gzip round trip is exact and the system's gzip reads it")
    func gzipRoundTrip() throws {
        let registry = MetricsRegistry(prometheus: .init())
        registry.counter("orders_total", help: "Orders.", labels: [("status", "ok")]).increment(by: Int64(5))
        let text = MetricsExposition(registry: registry).renderText()
        let compressed = try Gzip.compress(text)
        #expect(compressed.starts(with: [0x1F, 0x8B]))
        #expect(try Gzip.decompress(compressed) == text)
        #expect(throws: Gzip.Error.self) { try Gzip.decompress(Array(compressed.dropLast(12))) }
    }

    @Test("a computed gauge is read afresh at every scrape")
    func computedGaugeReadAtScrape() {
        let registry = MetricsRegistry(prometheus: .init())
        let value = Mutex(1.5)
        registry.computedGauge("test_age_seconds", help: "An age.") { value.withLock { $0 } }
        let exposition = MetricsExposition(registry: registry)
        #expect(String(decoding: exposition.renderText(), as: UTF8.self).contains("test_age_seconds 1.5\n"))
        value.withLock { $0 = 42 }
        #expect(String(decoding: exposition.renderText(), as: UTF8.self).contains("test_age_seconds 42.0\n"))
    }

    @Test("process metrics are read from /proc/self and are plausible")
    func processMetrics() throws {
        let metrics = try #require(ProcessMetrics.read())
        #expect(metrics.residentMemoryBytes > 1_000_000)
        #expect(metrics.virtualMemoryBytes >= metrics.residentMemoryBytes)
        #expect(metrics.openFileDescriptors >= 3)
        #expect(metrics.maxFileDescriptors >= metrics.openFileDescriptors)
        let now = Date().timeIntervalSince1970
        #expect(metrics.startTimeSeconds > now - 3600 && metrics.startTimeSeconds <= now + 1)
        #expect(metrics.cpuSeconds >= 0)
    }

    @Test("the exposition passes promtool check metrics")
    func promtoolAccepts() throws {
        let registry = MetricsRegistry(prometheus: .init())
        let server = HTTPServerMetrics(registry: registry)
        server.durationHistogram(method: "GET", route: "/api/products/{id}", status: 200).recordNanoseconds(3_000_000)
        server.activeRequestsGauge(method: "GET").increment()
        HTTPClientMetrics(registry: registry).record(peer: "backend", method: "GET", status: "200", nanoseconds: 2_000_000)
        BuildInfo(revision: "test").register(in: registry)
        let text = MetricsExposition(registry: registry).renderText()
        let inputPath = FileManager.default.temporaryDirectory.appendingPathComponent("exposition-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: inputPath, contents: Data(text))
        defer { unlink(inputPath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "/usr/bin/promtool check metrics < \"$0\" 2>&1", inputPath]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
        #expect(report.isEmpty, "\(report)")
        #expect(String(decoding: text, as: UTF8.self).contains(#"http_server_request_duration_seconds_bucket{http_request_method="GET",http_route="/api/products/{id}",http_response_status_code="200",le="0.005"} 1"#))
    }
    @Test("a scrape sees a synthetic request in the contract's histogram and in its twin, or in neither, while requests are recorded on other threads")
    func syntheticTwinConsistentInEveryScrape() async throws {
        let registry = MetricsRegistry(prometheus: .init())
        let server = HTTPServerMetrics(registry: registry)
        let exposition = MetricsExposition(registry: registry)
        let routes = (0..<40).map { "/route/\($0)" }
        let shared = RecordingState()
        /// `_count` of each series of `family` in one scrape, by label set.
        func counts(_ text: String, _ family: String) -> [Substring: Substring] {
            var counts: [Substring: Substring] = [:]
            for line in text.split(separator: "\n") where line.hasPrefix(family + "_count{") {
                let parts = line.dropFirst(family.count + 6).split(separator: " ")
                counts[parts[0]] = parts[1]
            }
            return counts
        }
        // Two threads record synthetic requests over 40 routes until the scrapes are done.
        let recorders = DispatchGroup()
        for recorder in 0..<2 {
            DispatchQueue.global().async(group: recorders) {
                var request = 0
                while !shared.stop.load(ordering: .acquiring) {
                    let route = routes[(request / 500 + recorder * 7) % routes.count]
                    server.recordRequest(method: "GET", route: route, status: 404, nanoseconds: Int64(request % 9) * 1_000_000,
                                         synthetic: true, traceID: { nil })
                    request += 1
                    shared.recorded.add(1, ordering: .releasing)
                    // A pause now and then: the scrapes get the lock, and a loaded machine keeps its cores.
                    if request % 32 == 0 { usleep(200) }
                }
            }
        }
        while shared.recorded.load(ordering: .acquiring) < 1_000 { try await Task.sleep(for: .milliseconds(1)) }
        let recordedBeforeScrapes = shared.recorded.load(ordering: .acquiring)
        let scrapes = 30
        var mismatches: [String] = []
        for _ in 0..<scrapes {
            let text = String(decoding: exposition.renderText(), as: UTF8.self)
            let contract = counts(text, "http_server_request_duration_seconds")
            let twin = counts(text, "shopmicro_synthetic_http_server_request_duration_seconds")
            for labels in Set(contract.keys).union(twin.keys) where contract[labels] != twin[labels] {
                mismatches.append("{\(labels) contract \(contract[labels] ?? "absent"), twin \(twin[labels] ?? "absent")")
            }
        }
        #expect(shared.recorded.load(ordering: .acquiring) > recordedBeforeScrapes, "no request recorded while scraping")
        shared.stop.store(true, ordering: .releasing)
        await withCheckedContinuation { done in recorders.notify(queue: .global()) { done.resume() } }
        let recorded = shared.recorded.load(ordering: .acquiring)
        #expect(mismatches.isEmpty, "\(mismatches.count) series disagree in \(scrapes) scrapes, first: \(mismatches.first ?? "")")
        let final = String(decoding: exposition.renderText(), as: UTF8.self)
        let total = counts(final, "shopmicro_synthetic_http_server_request_duration_seconds").values.reduce(0) { $0 + Int($1)! }
        #expect(total == recorded)
        #expect(counts(final, "http_server_request_duration_seconds") == counts(final, "shopmicro_synthetic_http_server_request_duration_seconds"))
    }
}

/// What the recording threads and the scraping test share: when to stop, how many they have recorded.
private final class RecordingState: Sendable {
    let stop = Atomic(false)
    let recorded = Atomic(0)
}
