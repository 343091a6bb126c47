import Foundation

/// A real Prometheus (Debian's package) on a free loopback port, scraping the given targets every
/// 2 s and evaluating `ruleFiles` every 2 s, with its data in a temporary folder.
public final class PrometheusServer: @unchecked Sendable {
    public let port: Int
    private let pid: pid_t
    public let log: URL

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `targets`: job name → base URL of the service; `features`: `--enable-feature` values
    /// (`exemplar-storage`).
    public init(targets: [String: String], ruleFiles: [String], features: [String] = []) async throws {
        port = try FreePort.find()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var configuration = "global:\n  scrape_interval: 2s\n  evaluation_interval: 2s\nrule_files:\n"
        configuration += ruleFiles.map { "  - \($0)\n" }.joined()
        configuration += "scrape_configs:\n"
        for (job, url) in targets.sorted(by: { $0.key < $1.key }) {
            let host = url.replacingOccurrences(of: "http://", with: "")
            configuration += "  - job_name: \(job)\n    static_configs:\n      - targets: [\"\(host)\"]\n"
        }
        let file = folder.appendingPathComponent("prometheus.yml")
        try configuration.write(to: file, atomically: true, encoding: .utf8)
        log = folder.appendingPathComponent("prometheus.log")
        pid = try ChildProcess.spawn("/usr/bin/prometheus", [
            "--config.file=\(file.path)", "--storage.tsdb.path=\(folder.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
        ] + features.map { "--enable-feature=\($0)" }, stdout: log.path)
        let pid = pid
        TestCleanup.atExit { kill(pid, SIGKILL) }
        let ready = try await eventually(timeout: .seconds(30)) {
            try await HTTP.get("http://127.0.0.1:\(self.port)/-/ready").status == .ok
        }
        guard ready else { throw Failure("Prometheus did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")") }
    }

    deinit {
        kill(pid, SIGTERM)
        ChildProcess.wait(pid)
    }

    /// The series an instant query returns (each `{"metric":{…},"value":[t,"v"]}`).
    public func query(_ expression: String) async throws -> [[String: Any]] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = expression.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        let reply = try await HTTP.get("\(baseURL)/api/v1/query?query=\(encoded)")
        guard reply.status == .ok, let data = try reply.json()["data"] as? [String: Any] else {
            throw Failure("query \(expression) failed: \(reply.status) \(reply.text)")
        }
        return data["result"] as? [[String: Any]] ?? []
    }

    /// The exemplars of `expression`'s series over the last `seconds` (each `{"seriesLabels":…,"exemplars":[…]}`).
    public func exemplars(_ expression: String, seconds: Int = 600) async throws -> [[String: Any]] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = expression.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        let now = Int(Date().timeIntervalSince1970)
        let reply = try await HTTP.get("\(baseURL)/api/v1/query_exemplars?query=\(encoded)&start=\(now - seconds)&end=\(now + 60)")
        guard reply.status == .ok else { throw Failure("query_exemplars \(expression) failed: \(reply.status) \(reply.text)") }
        return try reply.json()["data"] as? [[String: Any]] ?? []
    }

    /// Each scrape target's job and health (`up`, `down`, `unknown`).
    public func targets() async throws -> [(job: String, health: String)] {
        let data = try await HTTP.get("\(baseURL)/api/v1/targets").json()["data"] as? [String: Any]
        return (data?["activeTargets"] as? [[String: Any]] ?? []).map {
            ((($0["labels"] as? [String: String])?["job"]) ?? "", $0["health"] as? String ?? "")
        }
    }
}
