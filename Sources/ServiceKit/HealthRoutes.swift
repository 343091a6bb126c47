import FoundationEssentials
import Hummingbird
import Prometheus
import Synchronization
import Telemetry

/// `GET /healthz` (the process is alive) and `GET /readyz` (its dependencies are usable).
///
/// Each check's last result is also the gauge `shopmicro_dependency_up{dependency}` (1 up, 0 down),
/// refreshed by every `/readyz` and by `refreshPeriodically()`, so alerts see a dependency go down
/// even when nothing probes readiness.
final class HealthRoutes: Sendable {
    private let checks = Mutex<[ReadinessCheck]>([])
    private let gauges = Mutex<[String: Prometheus.Gauge]>([:])
    private let probeTimeout: Duration
    private let registry: MetricsRegistry

    init(probeTimeout: Duration = .seconds(2), registry: MetricsRegistry = .shared) {
        self.probeTimeout = probeTimeout
        self.registry = registry
    }

    func add(_ check: ReadinessCheck) {
        checks.withLock { $0.append(check) }
        let gauge = registry.gauge("shopmicro_dependency_up", help: "1 when the dependency answered its last readiness check, else 0.",
                                   labels: [("dependency", check.name)])
        gauges.withLock { $0[check.name] = gauge }
    }

    /// Runs the checks every `period` until cancelled, keeping `shopmicro_dependency_up` current.
    func refreshPeriodically(every period: Duration = .seconds(10)) async {
        while !Task.isCancelled {
            _ = await readiness()
            try? await Task.sleep(for: period)
        }
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
                gauges.withLock { $0[check.name] }?.set(to: healthy ? 1.0 : 0.0)
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
