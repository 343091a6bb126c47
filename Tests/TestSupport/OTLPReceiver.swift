import Foundation

/// Tests/tools/otlp_receiver.py, run with python3 and the opentelemetry-proto package: a real
/// OTLP/HTTP endpoint that writes every span it receives as a JSON line.
public final class OTLPReceiver: @unchecked Sendable {
    private let process = Process()
    private let output: URL
    /// The base URL to give services as `OTEL_EXPORTER_OTLP_ENDPOINT`.
    public let endpoint: String

    public init() throws {
        let port = try FreePort.find()
        endpoint = "http://127.0.0.1:\(port)"
        output = FileManager.default.temporaryDirectory.appendingPathComponent("otlp-\(UUID().uuidString).jsonl")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/otlp_receiver.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, String(port), output.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The spans of `traceID` that arrived so far.
    public func spans(traceID: String) -> [[String: Any]] {
        let lines = ((try? String(contentsOf: output, encoding: .utf8)) ?? "").split(separator: "\n")
        return lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
            .filter { $0["trace_id"] as? String == traceID }
    }

    /// Waits until at least `count` spans of `traceID` arrived.
    public func waitForSpans(traceID: String, count: Int) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + .seconds(20)
        var spans: [[String: Any]] = []
        while ContinuousClock.now < deadline {
            spans = self.spans(traceID: traceID)
            if spans.count >= count { return spans }
            guard process.isRunning else { throw Failure("OTLP receiver exited (is opentelemetry-proto installed?)") }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw Failure("only \(spans.count) spans of \(traceID) arrived: \(spans)")
    }
}
