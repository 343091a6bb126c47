import AsyncHTTPClient
import Foundation

/// Waits for a service's readiness endpoint to answer 200.
enum ReadinessProbe {
    /// True once `url` answers 200; false after `timeout` or when `process` exits first.
    static func wait(for url: String, process: ManagedProcess, timeout: Duration = .seconds(120)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, process.isRunning {
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(2)),
               response.status == .ok {
                return true
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}
