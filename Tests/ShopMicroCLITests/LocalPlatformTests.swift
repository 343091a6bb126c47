import Foundation
import TestSupport
import Testing

@Suite("shopmicro up and shopmicro load")
struct LocalPlatformTests {
    static let repository = Repository.root

    /// `shopmicro up` on free ports with its state in `state`.
    final class Platform: @unchecked Sendable {
        let ports: (frontend: Int, backend: Int, ml: Int, prometheus: Int)
        let pid: pid_t
        let output: URL

        init(state: URL) throws {
            ports = (try FreePort.find(), try FreePort.find(), try FreePort.find(), try FreePort.find())
            output = state.deletingLastPathComponent().appendingPathComponent("up-\(UUID().uuidString).log")
            let executable = ServiceProcess.binaryDirectory.appendingPathComponent("shopmicro").path
            let arguments = ["up", "--no-build", "--state-dir", state.path, "--frontend-port", "\(ports.frontend)",
                             "--backend-port", "\(ports.backend)", "--ml-port", "\(ports.ml)", "--prometheus-port", "\(ports.prometheus)"]
            // Started from the repository, so Prometheus finds the rules under alerts/.
            pid = try ChildProcess.spawn("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", LocalPlatformTests.repository.path, executable] + arguments,
                                         stdout: output.path)
            let pid = pid
            TestCleanup.atExit { kill(pid, SIGKILL) }
        }

        var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

        func waitUntilRunning() async throws {
            let started = try await eventually(timeout: .seconds(120)) { self.log.contains("ShopMicro is running") }
            guard started else { throw Failure("shopmicro up did not start:\n\(log)") }
        }

        /// SIGINT (Ctrl-C) and the exit status.
        func stop() async throws -> Int32 {
            kill(pid, SIGINT)
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if let status = ChildProcess.poll(pid) { return status }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw Failure("shopmicro up did not stop:\n\(log)")
        }

        func orderCount() async throws -> Int {
            let history = try await HTTP.get("http://127.0.0.1:\(ports.backend)/internal/order-history?limit=5000").json()
            return (history["orders"] as? [Any])?.count ?? -1
        }
    }

    /// Process ids whose parent is `parent`.
    static func children(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == parent
        }
    }

    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return !stat.contains(") Z ")  // a zombie has exited
    }

    @Test("up starts everything, load drives it without errors, the Watchdog reaches alert-log through Alertmanager, Ctrl-C leaves no process, and orders survive a restart")
    func upLoadStopRestart() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-up-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let platform = try Platform(state: state)
        try await platform.waitUntilRunning()
        #expect(platform.log.contains("http://localhost:\(platform.ports.frontend)"))
        for port in [platform.ports.frontend, platform.ports.backend, platform.ports.ml] {
            #expect(try await HTTP.get("http://127.0.0.1:\(port)/readyz").status == .ok, "port \(port)")
        }
        #expect(try await HTTP.get("http://127.0.0.1:\(platform.ports.frontend)/").text.contains("All products"))
        #expect(try await HTTP.get("http://127.0.0.1:\(platform.ports.prometheus)/-/ready").status == .ok)
        #expect(platform.log.contains("[backend] {"))  // service logs, prefixed

        // Five seconds of simulated shoppers.
        let load = try await Tool.run(ServiceProcess.binaryDirectory.appendingPathComponent("shopmicro").path, [
            "load", "--target", "http://127.0.0.1:\(platform.ports.frontend)", "--users", "3", "--duration", "5s", "--json",
        ])
        #expect(load.status == 0, "\(load.output)")
        let summary = try #require(load.output.split(separator: "\n").last.flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }, "\(load.output)")
        let rows = try #require(summary["rows"] as? [[String: Any]])
        // Throughput depends on how busy the machine is (CI runs every suite at once): some, not a number.
        #expect(rows.reduce(0) { $0 + ($1["requests"] as? Int ?? 0) } >= 20)
        #expect(rows.allSatisfy { $0["errors"] as? Int == 0 }, "\(rows)")
        #expect(Set(rows.compactMap { $0["step"] as? String }).isSuperset(of: ["browse", "product_page", "add_to_cart", "checkout"]))
        let orders = try #require(summary["orders"] as? Int)
        #expect(orders > 0)
        #expect(try await platform.orderCount() == orders)
        // Its requests were recorded as synthetic, also by the backend behind the storefront.
        let backendMetrics = try await HTTP.get("http://127.0.0.1:\(platform.ports.backend)/metrics").text
        #expect(backendMetrics.contains("shopmicro_synthetic_http_server_request_duration_seconds_count{http_request_method=\"POST\",http_route=\"/api/orders\""))

        // The monitoring: Prometheus scrapes the exporters and Alertmanager too, and the always-firing
        // Watchdog goes through Alertmanager's routes to the alert-log receiver, with an absolute runbook link.
        let jobs = ["backend", "ml-service", "frontend", "postgres", "redis", "alertmanager"]
        let scraped = try await eventually(timeout: .seconds(60)) {
            let up = try await HTTP.get("http://127.0.0.1:\(platform.ports.prometheus)/api/v1/query?query=up%3D%3D1").text
            return jobs.allSatisfy { up.contains("\"job\":\"\($0)\"") }
        }
        #expect(scraped, "every job up: \(jobs)")
        let notified = try await eventually(timeout: .seconds(90)) {
            platform.log.split(separator: "\n").contains { $0.hasPrefix("[alert-log] {") && $0.contains("FIRING ShopMicroWatchdog")
                && $0.contains("\"receiver\":\"watchdog\"") && $0.contains("\"runbook_url\":\"https://") }
        }
        #expect(notified, "the Watchdog reached alert-log:\n\(platform.log.split(separator: "\n").filter { $0.contains("alert") }.joined(separator: "\n"))")
        // Every ShopMicro process up starts, alert-log too, names the checkout's commit.
        let head = try await Tool.run("/usr/bin/git", ["-C", Repository.root.path, "rev-parse", "--short", "HEAD"])
        let revision = head.output.trimmingCharacters(in: .whitespacesAndNewlines)
        for name in ["backend", "ml-service", "frontend", "alert-log"] {
            #expect(platform.log.split(separator: "\n").contains { $0.hasPrefix("[\(name)] {") && $0.contains("\"message\":\"starting\"")
                && $0.contains("\"revision\":\"\(revision)\"") }, "\(name) starts with revision \(revision)")
        }

        // Ctrl-C: every child and the PostgreSQL cluster stop.
        let children = Self.children(of: platform.pid)
        #expect(children.count >= 9, "redis, three services, exporters, alert-log, alertmanager, prometheus: \(children)")
        let postmaster = try String(contentsOf: state.appendingPathComponent("postgres/postmaster.pid"), encoding: .utf8)
            .split(separator: "\n").first.flatMap { Int32($0) }
        #expect(try await platform.stop() == 0, "\(platform.log)")
        for pid in children + [postmaster ?? 0] {
            #expect(!Self.isAlive(pid), "process \(pid) is left behind")
        }
        #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("postgres/postmaster.pid").path))

        // Again on the same state: the orders are still there.
        let again = try Platform(state: state)
        try await again.waitUntilRunning()
        #expect(try await again.orderCount() == orders)
        #expect(try await again.stop() == 0)
    }

    @Test("without redis-server on the PATH, up says which package to install and starts nothing")
    func upNamesTheMissingPackage() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("shopmicro-up-\(UUID().uuidString)")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("up-\(UUID().uuidString).log")
        let pid = try ChildProcess.spawn(ServiceProcess.binaryDirectory.appendingPathComponent("shopmicro").path,
                                         ["up", "--no-build", "--state-dir", state.path], environment: ["PATH": "/nonexistent"],
                                         stdout: output.path)
        var status: Int32?
        #expect(try await eventually(timeout: .seconds(30)) { status = ChildProcess.poll(pid); return status != nil })
        #expect(status == 1)
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(text == "shopmicro: Redis is not installed: apt-get install redis-server (or set REDIS_URL)\n")
        #expect(!FileManager.default.fileExists(atPath: state.appendingPathComponent("postgres").path))
    }

    @Test("a missing or unusable target gets one clear line, not a stack trace", arguments: [
        (["--target", "ftp://example.com"], "must be an http"),
        (["--target", "http://127.0.0.1:1", "--duration", "1"], "connection refused"),
        (["--duration", "soon"], "--duration must be"),
        (["--users", "0"], "--users must be"),
    ])
    func loadRefusesBadTargets(arguments: [String], message: String) async throws {
        let result = try await Tool.run(ServiceProcess.binaryDirectory.appendingPathComponent("shopmicro").path, ["load"] + arguments)
        #expect(result.status != 0)
        #expect(result.output.contains(message), "\(result.output)")
        #expect(!result.output.contains("Fatal error"))
    }
}
