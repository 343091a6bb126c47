import Foundation

/// Tests/tools/webhook_recorder.py: a real HTTP endpoint that records every webhook POST (path and
/// JSON body), e.g. Alertmanager's notifications to `baseURL/<receiver>`.
public final class WebhookRecorder: @unchecked Sendable {
    private let pid: pid_t
    private let output: URL
    public let baseURL: String

    public init() async throws {
        let port = try FreePort.find()
        baseURL = "http://127.0.0.1:\(port)"
        output = FileManager.default.temporaryDirectory.appendingPathComponent("webhooks-\(UUID().uuidString).jsonl")
        let script = Repository.root.appendingPathComponent("Tests/tools/webhook_recorder.py")
        pid = try ChildProcess.spawn("/usr/bin/env", ["python3", script.path, String(port), output.path])
        let (pid, output) = (pid, output)
        TestCleanup.atExit {
            kill(pid, SIGKILL)
            try? FileManager.default.removeItem(at: output)
        }
        let url = baseURL
        guard try await eventually(timeout: .seconds(20), { try await HTTP.get(url).status == .ok }) else {
            throw Failure("the webhook recorder did not start")
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
