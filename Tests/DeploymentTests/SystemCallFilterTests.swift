import Foundation
import TestSupport
import Testing

/// The systemd units filter system calls (`SystemCallFilter=`), and systemd kills or refuses a
/// service that makes a call outside the filter. Without systemd here, each service runs under
/// `strace -f -C` from start, through requests on each of its kinds of route, to SIGTERM, and every
/// call it made, and every kind of socket it opened, must be one the unit allows. The services reach
/// their dependencies by host name, as deployed, so name resolution is part of what is traced.
@Suite("System calls of the services against their units' filter")
struct SystemCallFilterTests {
    static let unit = Repository.root.appendingPathComponent("ansible/roles/shopmicro_services/templates/shopmicro-service.service.j2")
    static let checker = Repository.root.appendingPathComponent("Tests/tools/syscall_filter_check.py")

    @Test("backend, ml-service and storefront make only system calls their unit allows, from start to shutdown")
    func servicesStayInsideTheFilter() async throws {
        let backend = try await BackendUnderTest()
        let session = BackendUnderTest.newSession()
        let byName = { (url: String) in url.replacingOccurrences(of: "127.0.0.1", with: "localhost") }
        let summaries = try await [
            Self.trace("backend", environment: ["DATABASE_URL": byName(backend.databaseURL), "REDIS_URL": byName(backend.redis.url)]) { base in
                _ = try await HTTP.get(base + "/api/products?q=lamp")
                _ = try await HTTP.send(.POST, base + "/api/cart/items", headers: [("X-Session-ID", session), ("Content-Type", "application/json")],
                                        body: Array(#"{"product_id":1,"quantity":1}"#.utf8))
                _ = try await HTTP.get(base + "/api/cart", headers: [("X-Session-ID", session)])
            },
            Self.trace("ml-service", environment: ["BACKEND_URL": byName(backend.baseURL)]) { base in
                _ = try await HTTP.get(base + "/recommendations?product_id=1")
            },
            // With Redis, as deployed: the page cache's subscriber thread is traced too, and pages
            // are served from the cache once it is on.
            Self.trace("frontend", environment: ["BACKEND_URL": byName(backend.baseURL), "ML_URL": "http://localhost:9",
                                                 "REDIS_URL": byName(backend.redis.url)]) { base in
                for _ in 0..<3 {
                    _ = try await HTTP.get(base + "/")
                    _ = try await HTTP.get(base + "/products/1")
                }
            },
        ]
        let checked = try await Tool.run("/usr/bin/python3", [Self.checker.path, Self.unit.path] + summaries)
        #expect(checked.status == 0, "\(checked.output)")
        #expect(checked.output.split(separator: "\n").filter { $0.hasSuffix("all allowed") }.count == 3, "\(checked.output)")

        // The check can fail: the stricter filter first written for the units (also without
        // @resources) would have had systemd kill every service at its first setpriority call.
        let stricter = FileManager.default.temporaryDirectory.appendingPathComponent("strict-\(UUID().uuidString).service")
        defer { try? FileManager.default.removeItem(at: stricter) }
        try String(contentsOf: Self.unit, encoding: .utf8)
            .replacingOccurrences(of: "SystemCallFilter=~@privileged\n", with: "SystemCallFilter=~@privileged @resources\n")
            .write(to: stricter, atomically: true, encoding: .utf8)
        let refused = try await Tool.run("/usr/bin/python3", [Self.checker.path, stricter.path] + summaries)
        #expect(refused.status != 0 && refused.output.contains("setpriority"), "\(refused.output)")

        // And a process that made memory executable would break MemoryDenyWriteExecute=yes.
        let planted = FileManager.default.temporaryDirectory.appendingPathComponent("planted-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: planted) }
        try ("1 mprotect(0x7f0000000000, 4096, PROT_READ|PROT_EXEC) = 0\n" + String(contentsOfFile: summaries[0], encoding: .utf8))
            .write(to: planted, atomically: true, encoding: .utf8)
        let executable = try await Tool.run("/usr/bin/python3", [Self.checker.path, Self.unit.path, planted.path])
        #expect(executable.status != 0 && executable.output.contains("MemoryDenyWriteExecute"), "\(executable.output)")
    }

    /// Runs `service` under strace on free ports until healthy, calls `exercise` with its base URL,
    /// scrapes its METRICS_PORT, stops it with SIGTERM; returns the path of strace's output.
    static func trace(_ service: String, environment: [String: String],
                      exercise: (String) async throws -> Void) async throws -> String {
        let port = try FreePort.find()
        let metricsPort = try FreePort.find()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strace-\(service)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        TestCleanup.atExit { try? FileManager.default.removeItem(at: folder) }
        let summary = folder.appendingPathComponent("summary.txt").path
        let output = folder.appendingPathComponent("output.log").path
        let env = ["PATH": "/usr/bin:/bin", "HOST": "127.0.0.1", "PORT": String(port), "METRICS_PORT": String(metricsPort),
                   "LOG_OUTPUT": "stdout"].merging(environment) { _, new in new }
        let strace = try ChildProcess.spawn("/usr/bin/strace", ["-f", "-qq", "-C", "-o", summary,
                                                                ServiceProcess.binaryDirectory.appendingPathComponent(service).path],
                                            environment: env, stdout: output, stderr: output)
        TestCleanup.atExit { kill(strace, SIGKILL) }
        let base = "http://127.0.0.1:\(port)"
        let healthy = try await eventually(timeout: .seconds(60)) { try await HTTP.get(base + "/healthz").status == .ok }
        try #require(healthy, "\(service) under strace did not start: \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
        _ = try await HTTP.get(base + "/readyz")
        try await exercise(base)
        #expect(try await HTTP.get("http://127.0.0.1:\(metricsPort)/metrics", headers: [("Accept-Encoding", "gzip")]).status == .ok)

        let children = (try? String(contentsOfFile: "/proc/\(strace)/task/\(strace)/children", encoding: .utf8)) ?? ""
        let child = try #require(children.split(separator: " ").first.flatMap { pid_t($0) }, "\(service) under strace has no child")
        kill(child, SIGTERM)
        var status: Int32?
        for _ in 0..<600 where status == nil {
            status = ChildProcess.poll(strace)
            if status == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(status == 0, "\(service) under strace exited with \(status): \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
        return summary
    }
}
