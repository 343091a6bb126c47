import FoundationEssentials
import Hummingbird
import Synchronization

/// `GET /healthz` (the process is alive) and `GET /readyz` (its dependencies are usable).
final class HealthRoutes: Sendable {
    private let checks = Mutex<[ReadinessCheck]>([])
    private let probeTimeout: Duration

    init(probeTimeout: Duration = .seconds(2)) {
        self.probeTimeout = probeTimeout
    }

    func add(_ check: ReadinessCheck) {
        checks.withLock { $0.append(check) }
    }

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/healthz") { _, _ in
            Self.json(.ok, HealthReport(status: "ok", checks: nil))
        }
        router.get("/readyz") { _, _ in
            await self.readiness()
        }
    }

    /// 200 `ready` or `degraded` (a non-critical dependency is down), 503 `not_ready`.
    func readiness() async -> Response {
        let checks = self.checks.withLock { $0 }
        var results: [String: String] = [:]
        var status = "ready"
        await withTaskGroup(of: (ReadinessCheck, Bool).self) { group in
            for check in checks {
                group.addTask { (check, await self.run(check)) }
            }
            for await (check, healthy) in group {
                results[check.name] = healthy ? "up" : "down"
                if !healthy {
                    if check.isCritical { status = "not_ready" } else if status == "ready" { status = "degraded" }
                }
            }
        }
        let code: HTTPResponse.Status = status == "not_ready" ? .serviceUnavailable : .ok
        return Self.json(code, HealthReport(status: status, checks: results))
    }

    private func run(_ check: ReadinessCheck) async -> Bool {
        let timeout = probeTimeout
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await check.probe()) ?? false }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ report: HealthReport) -> Response {
        (try? JSONBody.response(report, status: status, headers: [.cacheControl: "no-store"]))
            ?? Response(status: .internalServerError)
    }
}

/// The body of `/healthz` and `/readyz`: the overall status and, for readiness, each check's result.
private struct HealthReport: Encodable {
    let status: String
    let checks: [String: String]?
}
