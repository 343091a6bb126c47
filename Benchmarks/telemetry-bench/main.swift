// Telemetry benchmark: in-process costs, and an HTTP server with telemetry on or off for wrk.
//
//   telemetry-bench micro                      # prints JSON with ns/op (median of 5 rounds) and ms figures
//   telemetry-bench serve on|off PORT          # GET /hello, with or without the telemetry middlewares
import Dispatch
import Foundation
import Hummingbird
import Logging
import ServiceKit
import Telemetry

func nanosecondsPerOperation(iterations: Int, _ body: () -> Void) -> Double {
    for _ in 0..<min(iterations / 10, 10_000) { body() }  // warm up
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations { body() }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations)
}

/// Wall-clock ns per operation in `rounds` timed rounds: the median, and the range. On a shared
/// machine one round can land on a busy moment; the median is the figure reported.
func medianNanosecondsPerOperation(rounds: Int = 5, iterations: Int, _ body: () -> Void) -> (median: Double, min: Double, max: Double) {
    let samples = (0..<rounds).map { _ in nanosecondsPerOperation(iterations: iterations, body) }.sorted()
    return (samples[rounds / 2], samples.first!, samples.last!)
}

func micro() {
    let registry = MetricsRegistry(prometheus: .init())
    let counter = registry.counter("bench_operations_total", help: "Benchmark counter.")
    // The services' HTTP histograms (lock-free, with exemplars) and, as the baseline, swift-prometheus's.
    let histogram = registry.exemplarHistogram("bench_duration_seconds", help: "Benchmark histogram.")
    let baselineHistogram = registry.durationHistogram("bench_baseline_duration_seconds", help: "Baseline histogram.")
    let counterNs = medianNanosecondsPerOperation(iterations: 1_000_000) { counter.increment() }
    let histogramNs = medianNanosecondsPerOperation(iterations: 400_000) {
        histogram.recordNanoseconds(1_234_567) { "4bf92f3577b34da6a3ce929d0e0e4736" }
    }
    let baselineHistogramNs = medianNanosecondsPerOperation(iterations: 400_000) { baselineHistogram.recordNanoseconds(1_234_567) }

    // One record as a service writes it through swift-log: message, level, service, logger, trace and
    // span id, and metadata of the three usual kinds (strings, an integer, a double), encoded in full
    // (timestamp read and formatted, keys ordered, strings escaped) into a new line.
    let trace = TraceIdentity(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7")
    let event = LogEvent(level: .info, message: "request", metadata: nil, source: nil, file: #fileID, function: #function, line: #line)
    let metadata: Logger.Metadata = [
        "http_request_method": "GET", "http_route": "/api/products/{id}", "url_path": "/api/products/42",
        "http_response_status_code": .stringConvertible(200), "duration_seconds": .stringConvertible(0.00123),
    ]
    var sink = 0
    let logNs = medianNanosecondsPerOperation(iterations: 100_000) {
        sink &+= JSONLogHandler.encode(event, service: "bench", label: "access", metadata: metadata, trace: trace).count
    }

    // 1,000 series: 10 routes × 5 status codes × 4 methods × 5 label values of a gauge family.
    let wide = MetricsRegistry(prometheus: .init())
    let metrics = HTTPServerMetrics(registry: wide)
    for route in 0..<10 {
        for status in [200, 201, 400, 404, 500] {
            metrics.durationHistogram(method: "GET", route: "/route/\(route)", status: status).recordNanoseconds(1_000_000)
        }
    }
    for index in 0..<(1_000 - 50 * 17) {
        wide.gauge("bench_gauge", help: "Benchmark gauge.", labels: [("index", String(index))]).set(to: Double(index))
    }
    let exposition = MetricsExposition(registry: wide)
    let text = exposition.renderText()
    let seriesCount = text.split(separator: UInt8(ascii: "\n")).filter { $0.first != UInt8(ascii: "#") }.count
    let renderNs = nanosecondsPerOperation(iterations: 500) { sink &+= exposition.renderText().count }
    let gzipNs = nanosecondsPerOperation(iterations: 200) { sink &+= exposition.render(acceptEncoding: "gzip").bytes.count }

    let result: [String: Any] = [
        "counter_increment_ns": counterNs.median,
        "histogram_observe_ns": histogramNs.median,
        "histogram_observe_ns_range": [histogramNs.min, histogramNs.max],
        "histogram_observe_swift_prometheus_ns": baselineHistogramNs.median,
        "json_log_record_ns": logNs.median,
        "json_log_record_ns_range": [logNs.min, logNs.max],
        "json_log_record_bytes": JSONLogHandler.encode(event, service: "bench", label: "access", metadata: metadata, trace: trace).count,
        "metrics_render_series": seriesCount,
        "metrics_render_ms": renderNs / 1e6,
        "metrics_render_gzip_ms": gzipNs / 1e6,
        "sink": sink % 2,
    ]
    let data = try! JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .prettyPrinted])
    print(String(decoding: data, as: UTF8.self))
}

func serve(telemetry: Bool, port: Int) async throws {
    if telemetry {
        let configuration = try ServiceConfiguration(
            serviceName: "bench", defaultPort: port, environment: ["LOG_OUTPUT": "stdout", "HOST": "127.0.0.1"])
        let service = try ShopService(configuration: configuration)
        service.router.get("/hello") { _, _ in "hello" }
        try await service.makeApplication().runService()
    } else {
        let router = Router()
        router.get("/hello") { _, _ in "hello" }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.runService()
    }
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "micro":
    micro()
case "serve" where arguments.count == 3:
    let mode = arguments[arguments.startIndex + 1]
    guard let port = Int(arguments[arguments.startIndex + 2]), mode == "on" || mode == "off" else {
        FileHandle.standardError.write(Data("usage: telemetry-bench serve on|off PORT\n".utf8))
        exit(2)
    }
    try await serve(telemetry: mode == "on", port: port)
default:
    FileHandle.standardError.write(Data("usage: telemetry-bench micro | serve on|off PORT\n".utf8))
    exit(2)
}
