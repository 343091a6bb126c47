import Foundation

/// Tests/tools/webhook_recorder.py: a real HTTP endpoint that records every webhook POST (path and
/// JSON body), e.g. Alertmanager's notifications to `baseURL/<receiver>`.
public final class WebhookRecorder: @unchecked Sendable {
    private let pid: pid_t
    private let output: URL
    public let baseURL: String

    /// Starts the recorder on a free port, holding a place of the `StartupGate` until it answers
    /// (60 s from its turn: CI saw Python take more than 20 s while the whole suite was starting).
    public init() async throws {
        let port = try FreePort.find()
        baseURL = "http://127.0.0.1:\(port)"
        let name = "webhooks-\(UUID().uuidString)"
        output = FileManager.default.temporaryDirectory.appendingPathComponent(name + ".jsonl")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(name + ".log")
        let script = Repository.root.appendingPathComponent("Tests/tools/webhook_recorder.py")
        let (url, output) = (baseURL, output)
        pid = try await StartupGate.shared.withPlace {
            let pid = try ChildProcess.spawn("/usr/bin/env", ["python3", script.path, String(port), output.path],
                                             stdout: log.path, stderr: log.path)
            TestCleanup.atExit {
                kill(pid, SIGKILL)
                try? FileManager.default.removeItem(at: output)
                try? FileManager.default.removeItem(at: log)
            }
            func logTail() -> Substring { ((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(2_000) }
            let deadline = ContinuousClock.now + .seconds(60)
            while true {
                if let status = ChildProcess.poll(pid) {
                    throw Failure("the webhook recorder on port \(port) exited with status \(status): \(logTail())")
                }
                if (try? await HTTP.get(url).status) == .ok { return pid }
                guard ContinuousClock.now < deadline else {
                    throw Failure("the webhook recorder on port \(port) did not answer in 60 s: \(logTail())")
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    deinit {
        kill(pid, SIGTERM)
        ChildProcess.wait(pid)
    }

    /// Every request so far: its path and its body parsed as JSON.
    public func requests() -> [(path: String, body: [String: Any])] {
        let lines = ((try? String(contentsOf: output, encoding: .utf8)) ?? "").split(separator: "\n")
        return lines.compactMap { line in
            guard let record = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                  let path = record["path"] as? String else { return nil }
            return (path, record["body"] as? [String: Any] ?? [:])
        }
    }
}
