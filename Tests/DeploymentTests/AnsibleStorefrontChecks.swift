import Foundation
import TestSupport
import Testing

/// What the services role gives each service from the vault, and the storefront it configures run
/// for real: subscribed to the backend's invalidations on Redis, so its page cache is on.
extension AnsibleTests {
    /// Each service's secrets file holds only what it needs: the storefront Redis's password, the
    /// ml-service nothing; the unit loads its own file; the file all services once shared is gone.
    static func checkSecretFiles(_ run: ServicesRun) throws {
        let backend = try run.ansible.environmentFile("etc/shopmicro/backend.secrets.env")
        #expect(Set(backend.keys) == ["DATABASE_PASSWORD", "REDIS_PASSWORD"], "\(backend.keys)")
        let frontend = try run.ansible.environmentFile("etc/shopmicro/frontend.secrets.env")
        #expect(Set(frontend.keys) == ["REDIS_PASSWORD"], "the storefront gets \(frontend.keys.sorted())")
        #expect(frontend["REDIS_PASSWORD"] == run.redis.password && backend["REDIS_PASSWORD"] == run.redis.password)
        let config = run.ansible.root.appendingPathComponent("etc/shopmicro")
        for stale in ["ml-service.secrets.env", "secrets.env"] {
            #expect(!FileManager.default.fileExists(atPath: config.appendingPathComponent(stale).path), "\(stale) exists")
        }
        for service in ["backend", "ml-service", "frontend"] {
            let unit = try String(contentsOf: run.ansible.root.appendingPathComponent("etc/systemd/system/shopmicro-\(service).service"), encoding: .utf8)
            let files = unit.split(separator: "\n").filter { $0.hasPrefix("EnvironmentFile=") }
                .map { $0.dropFirst("EnvironmentFile=".count).split(separator: "/").last.map(String.init) ?? "" }
            let expected = service == "ml-service" ? ["ml-service.env"] : ["\(service).env", "\(service).secrets.env"]
            #expect(files == expected, "\(service)'s unit loads \(files)")
        }
    }

    /// The storefront, started with exactly the settings and secrets the role wrote (only its ports,
    /// the backend's address and the log output differ here), subscribes to the backend's
    /// invalidation channel on the test's Redis, which requires the vault's password; and its page
    /// cache is then on: a page seen again costs no backend call.
    static func checkStorefrontPageCache(_ run: ServicesRun, backend: ServiceProcess) async throws {
        let settings = try run.ansible.environmentFile("etc/shopmicro/frontend.env")
        #expect(settings["REDIS_URL"] == "redis://127.0.0.1:\(run.redis.port)/0", "\(settings)")
        var environment = settings.merging(try run.ansible.environmentFile("etc/shopmicro/frontend.secrets.env")) { _, new in new }
        environment["METRICS_PORT"] = String(try FreePort.find())
        environment["LOG_OUTPUT"] = "stdout"
        environment["BACKEND_URL"] = backend.baseURL
        environment.removeValue(forKey: "PORT")
        environment.removeValue(forKey: "HOST")
        let subscribedBefore = try await subscribers(run.redis)
        let frontend = try await ServiceProcess("frontend", environment: environment)
        #expect(try await eventually { try await subscribers(run.redis) == subscribedBefore + 1 },
                "the storefront did not subscribe to catalog:invalidations: \(frontend.stdout().suffix(2000))")

        let metrics = "http://127.0.0.1:\(environment["METRICS_PORT"] ?? "")/metrics"
        let backendCalls = {
            try await HTTP.get(metrics).text.split(separator: "\n")
                .filter { $0.hasPrefix("http_client_request_duration_seconds_count{") && $0.contains("server_address=\"backend\"") }
                .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
        }
        // Once the subscription has turned the cache on, the home page shown again is served from it.
        let cached = try await eventually {
            guard try await HTTP.get(frontend.baseURL + "/").status == .ok else { return false }
            let before = try await backendCalls()
            for _ in 0..<3 { guard try await HTTP.get(frontend.baseURL + "/").status == .ok else { return false } }
            return try await backendCalls() == before && before > 0
        }
        #expect(cached, "every home page still calls the backend: the page cache is off")
    }

    /// How many clients subscribe to the backend's invalidation channel.
    static func subscribers(_ redis: RedisServer) async throws -> Int {
        let reply = try await Tool.run("/usr/bin/redis-cli", ["-p", String(redis.port), "--no-auth-warning"]
                                       + (redis.password.map { ["-a", $0] } ?? []) + ["PUBSUB", "NUMSUB", "catalog:invalidations"])
        let lines = reply.output.split(separator: "\n")
        return lines.count == 2 ? Int(lines[1].trimmingCharacters(in: .whitespaces)) ?? 0 : 0
    }
}
