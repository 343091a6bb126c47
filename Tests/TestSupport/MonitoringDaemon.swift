import Foundation

/// A daemon of the Prometheus ecosystem from its Debian package (Alertmanager, Pushgateway,
/// postgres_exporter, redis_exporter) on a free loopback port, with its data and log in a
/// temporary folder; stopped when released or when the test process exits.
public final class MonitoringDaemon: @unchecked Sendable {
    public let port: Int
    /// Holds the log (`daemon.log`) and whatever the daemon stores.
    public let folder: URL
    private let pid: pid_t

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var log: String { (try? String(contentsOf: folder.appendingPathComponent("daemon.log"), encoding: .utf8)) ?? "" }

    /// Starts `executable` with the arguments `arguments(port, folder)` makes, `environment` added to
    /// this process's, and waits until `readyPath` answers 200.
    public init(_ executable: String, environment: [String: String] = [:], readyPath: String = "/metrics",
                arguments: (Int, URL) -> [String]) async throws {
        port = try FreePort.find()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("monitoring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let env = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        pid = try ChildProcess.spawn(executable, arguments(port, folder), environment: env,
                                     stdout: folder.appendingPathComponent("daemon.log").path)
        let (pid, folder) = (pid, folder)
        TestCleanup.atExit {
            kill(pid, SIGKILL)
            try? FileManager.default.removeItem(at: folder)
        }
        let url = "http://127.0.0.1:\(port)\(readyPath)"
        let ready = try await eventually(timeout: .seconds(30)) {
            guard ChildProcess.poll(pid) == nil else { throw Failure("exited") }
            return try await HTTP.get(url).status == .ok
        }
        guard ready else { throw Failure("\(executable) did not answer \(readyPath): \(log)") }
    }

    deinit {
        kill(pid, SIGTERM)
        ChildProcess.wait(pid)
        try? FileManager.default.removeItem(at: folder)
    }

    /// The daemon's own `/metrics` exposition.
    public func metrics() async throws -> String {
        try await HTTP.get(baseURL + "/metrics").text
    }

    /// `prometheus-pushgateway` (no persistence).
    public static func pushgateway() async throws -> MonitoringDaemon {
        try await MonitoringDaemon("/usr/bin/prometheus-pushgateway", readyPath: "/-/ready") { port, _ in
            ["--web.listen-address=127.0.0.1:\(port)", "--log.level=warn"]
        }
    }

    /// `prometheus-postgres-exporter` 0.11 watching `database` of `server` (DATA_SOURCE_NAME, as deployed).
    public static func postgresExporter(_ server: PostgresServer, database: String = "postgres") async throws -> MonitoringDaemon {
        try await MonitoringDaemon("/usr/bin/prometheus-postgres-exporter",
                                   environment: ["DATA_SOURCE_NAME": server.url(database: database) + "?sslmode=disable"]) { port, _ in
            ["--web.listen-address=127.0.0.1:\(port)", "--log.level=warn"]
        }
    }

    /// `prometheus-redis-exporter` 1.45 watching `server` (REDIS_ADDR/REDIS_PASSWORD, as deployed).
    public static func redisExporter(_ server: RedisServer) async throws -> MonitoringDaemon {
        var environment = ["REDIS_ADDR": "redis://127.0.0.1:\(server.port)"]
        if let password = server.password { environment["REDIS_PASSWORD"] = password }
        return try await MonitoringDaemon("/usr/bin/prometheus-redis-exporter", environment: environment) { port, _ in
            ["--web.listen-address=127.0.0.1:\(port)"]
        }
    }

    /// `prometheus-alertmanager` with `configuration` (YAML text), clustering off, its own storage.
    public static func alertmanager(configuration: String) async throws -> MonitoringDaemon {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("alertmanager-\(UUID().uuidString).yml")
        try configuration.write(to: file, atomically: true, encoding: .utf8)
        TestCleanup.atExit { try? FileManager.default.removeItem(at: file) }
        return try await MonitoringDaemon("/usr/bin/prometheus-alertmanager", readyPath: "/-/ready") { port, folder in
            ["--config.file=\(file.path)", "--storage.path=\(folder.appendingPathComponent("data").path)",
             "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn"]
        }
    }
}
