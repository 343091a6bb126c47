import Foundation
import TestSupport

/// A program the deployment runs beside ShopMicro (an exporter, Alertmanager, the Pushgateway, a
/// container run by `k8s_run_job.py`) started for a test on a free loopback port; killed when the
/// test process exits at the latest.
final class BackgroundProgram: @unchecked Sendable {
    let pid: pid_t
    let port: Int
    let log: URL

    /// Starts `executable`; `port` is where it will listen (the caller puts it in the arguments).
    init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, port: Int) throws {
        self.port = port
        log = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-program-\(UUID().uuidString.prefix(8)).log")
        let pid = try ChildProcess.spawn(executable, arguments, environment: environment, stdout: log.path)
        self.pid = pid
        TestCleanup.atExit { [log] in
            kill(pid, SIGKILL)
            try? FileManager.default.removeItem(at: log)
        }
    }

    deinit {
        kill(pid, SIGKILL)
        ChildProcess.wait(pid)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// What it printed so far.
    func output() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Its `/metrics` once it answers (empty text if it never does within the timeout).
    func metrics(containing line: String) async throws -> String {
        var text = ""
        _ = try await eventually(timeout: .seconds(30)) {
            text = (try? await HTTP.get(baseURL + "/metrics").text) ?? ""
            return Self.lines(text).contains(line)
        }
        return text
    }

    /// The sample lines of an exposition.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }
}
